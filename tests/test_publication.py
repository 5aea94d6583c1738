"""What may be published: confidential projects and contact details taken out, nothing else."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest

from collabkb.check import pipeline, publication
from collabkb.check.config import ConfigError, SiteSettings, load_config
from collabkb.check.findings import Finding, Severity

TODAY = dt.date(2026, 11, 18)


def _checked(make_kb) -> pipeline.Checked:
    root = make_kb({
        "projects/demo/project.yaml": lambda base: base.replace("    contact: 张伟\n",
                                                                "    contact: 张伟\n    phone: '13800138000'\n"),
    })
    demo = (root / "projects" / "demo" / "project.yaml").read_text("utf-8")
    (root / "projects" / "deal").mkdir()
    (root / "projects" / "deal" / "project.yaml").write_text(
        demo.replace("name: 测试项目", "name: 华信续约") + "confidential: true\n", "utf-8")
    (root / "projects" / "deal" / "tasks.yaml").write_bytes((root / "projects" / "demo" / "tasks.yaml").read_bytes())
    return pipeline.check(load_config(root), TODAY)


def _finding(project: str, message: str) -> Finding:
    return Finding(f"projects/{project}/tasks.yaml", 1, "overloaded", 1, Severity.WARNING, project, "张伟", message)


def test_confidential_projects_their_findings_and_mentions_are_left_out(make_kb) -> None:
    checked = _checked(make_kb)
    assert [p.slug for p in checked.kb.projects] == ["deal", "demo"] and checked.kb.project_by_slug["deal"].confidential
    mentions = (_finding("demo", "张伟 has 6 tasks in progress: deal/T2, demo/T2"),
                _finding("demo", "resource R1 is also wanted by R1 of \"华信续约\""),
                _finding("demo", "张伟 has 6 tasks in progress: demo/T2, demo/T3"),
                _finding("deal", "anything"))
    shown = publication.for_site(replace(checked, findings=checked.findings + mentions), SiteSettings())
    assert [p.slug for p in shown.kb.projects] == ["demo"]
    assert {f.project for f in shown.findings} <= {"demo"}
    assert [f.message for f in shown.findings if f.rule == "overloaded"] == [mentions[2].message]
    everything = publication.for_site(checked, SiteSettings(contacts="show", confidential="include"))
    assert everything is checked


def test_contacts_are_removed_from_every_team_entry(make_kb) -> None:
    checked = _checked(make_kb)
    assert any(e.phone for p in checked.kb.projects for e in p.team)
    shown = publication.for_site(checked, SiteSettings(confidential="include"))
    assert not any(e.phone or e.email or e.im for p in shown.kb.projects for e in p.team)
    assert [e.contact for e in shown.kb.projects[1].team] == [e.contact for e in checked.kb.projects[1].team]


def test_a_channel_hears_about_confidential_projects_only_when_marked(make_kb) -> None:
    checked = _checked(make_kb)
    assert [p.slug for p in publication.for_channel(checked, confidential_ok=False).kb.projects] == ["demo"]
    assert publication.for_channel(checked, confidential_ok=True) is checked


MKDOCS_SITE = """\
site_name: test
plugins:
  - collabkb:
      language: en
      site:
        {line}
"""


def _config_error(make_kb, line: str) -> str:
    root = make_kb({"mkdocs.yml": MKDOCS_SITE.format(line=line)})
    with pytest.raises(ConfigError) as error:
        load_config(root)
    return str(error.value)


def test_site_settings_are_checked_at_their_line(make_kb) -> None:
    assert _config_error(make_kb, "contacts: shwo").startswith("mkdocs.yml:6:19: site.contacts: 'shwo' is not one of")
    assert "did you mean 'show'?" in _config_error(make_kb, "contacts: shwo")
    message = _config_error(make_kb, "confidental: include")
    assert message.startswith("mkdocs.yml:6:9: ") and "did you mean 'confidential'?" in message


def test_an_internal_build_can_switch_confidential_projects_on_from_the_environment(make_kb, monkeypatch) -> None:
    root = make_kb({"mkdocs.yml": MKDOCS_SITE.format(line="confidential: !ENV [COLLABKB_CONFIDENTIAL, exclude]")})
    monkeypatch.delenv("COLLABKB_CONFIDENTIAL", raising=False)
    assert load_config(root).site == SiteSettings()
    monkeypatch.setenv("COLLABKB_CONFIDENTIAL", "include")
    assert load_config(root).site == SiteSettings(confidential="include")


@pytest.mark.parametrize(("tail", "hidden"), [
    ("confidential: true\nbudget: [\n", True),  # a syntax error after the mark
    ("confidential: yes  # 内部\nname: [\n", True),
    ("\"confidential\": True\n  bad indent: x\n", True),
    ("confidential: false\nname: [\n", False),  # plainly not confidential
    ("name: [\n", False),  # no mark at all: shown, so the team sees what to fix
])
def test_an_unreadable_project_yaml_that_may_say_confidential_is_not_published(make_kb, tail: str, hidden: bool) -> None:
    """YAML could not read the file, so the project's own ``confidential`` cannot be known: its lines decide,
    and when they may say so, the folder and its findings (which may quote the file) stay off the site."""
    root = make_kb({})
    (root / "projects" / "secret-deal").mkdir()
    (root / "projects" / "secret-deal" / "project.yaml").write_text("id: x\n" + tail, "utf-8")
    checked = pipeline.check(load_config(root), TODAY)
    assert [b.slug for b in checked.kb.broken] == ["secret-deal"] and checked.errors > 0  # CI still fails
    shown = publication.for_site(checked, SiteSettings())
    assert ([b.slug for b in shown.kb.broken] == []) is hidden
    assert (not any(f.project == "secret-deal" for f in shown.findings)) is hidden
    assert publication.for_site(checked, SiteSettings(confidential="include")).kb.broken == checked.kb.broken


def test_a_project_yaml_that_cannot_be_read_at_all_counts_as_confidential(make_kb) -> None:
    root = make_kb({})
    (root / "projects" / "big").mkdir()
    (root / "projects" / "big" / "project.yaml").write_bytes(b"confidential: false\n" + b"#" * 2_000)
    checked = pipeline.check(replace(load_config(root), max_file_size=1_000), TODAY)
    assert [b.slug for b in checked.kb.broken] == ["big"]
    assert publication.for_site(checked, SiteSettings()).kb.broken == ()
