"""The wiki for its readers, read from the built example (2026-11-18): titles that name the project,
person pages titled with the name, owners linked to their pages, Gantt links that land on a task,
no contents column on generated pages, Material's own labels in the wiki's language."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from collabkb.check import pipeline
from collabkb.check.config import load_config
from collabkb.portfolio.people import people
from site_build import ROOT, TODAY, mkdocs_build
from site_html import main_content, page, parse, with_class

PROJECT_TABS = {"tasks": "任务与进度", "risks": "风险预警", "coordination": "问题与资源", "acceptance": "交付验收",
                "retro": "复盘总结"}


@pytest.fixture(scope="module")
def checked() -> pipeline.Checked:
    return pipeline.check(load_config(ROOT), dt.date.fromisoformat(TODAY))


def title_of(markup: str) -> str:
    match = re.search(r"<title>(.*?)</title>", markup, re.S)
    assert match
    return match.group(1).strip()


def test_every_project_page_title_and_heading_name_the_project(example_site: Path, checked: pipeline.Checked) -> None:
    for project in checked.kb.projects:
        assert title_of(page(example_site, f"projects/{project.slug}/")).startswith(project.name + " - ")
        for tab, label in PROJECT_TABS.items():
            markup = page(example_site, f"projects/{project.slug}/{tab}/")
            assert title_of(markup).startswith(f"{project.name} · {label} - "), (project.slug, tab)
            assert re.search(rf"<h1[^>]*>{re.escape(project.name)} · {label}", markup), (project.slug, tab)


def test_a_person_page_is_titled_with_the_name_not_its_slug(example_site: Path, checked: pipeline.Checked) -> None:
    everyone = people(checked.kb, checked.today, checked.findings)
    assert everyone
    for person in everyone:
        markup = page(example_site, f"people/{person.slug}/")
        assert title_of(markup).startswith(person.name + " - "), person.slug
        assert f"<h1>{person.name}</h1>" in markup


def test_owner_names_link_to_their_person_pages(example_site: Path, checked: pipeline.Checked) -> None:
    slugs = {p.name: p.slug for p in people(checked.kb, checked.today, checked.findings)}
    for project in checked.kb.projects:
        article = main_content(page(example_site, f"projects/{project.slug}/tasks/"))
        links = {a["href"] for a in with_class(article, "ckb-person", "a")}
        owners = {t.owner for t in project.tasks if isinstance(t.owner, str) and t.owner in slugs}
        assert owners
        for owner in owners:
            assert f"../../../people/{slugs[owner]}/" in links, (project.slug, owner)
    for href in {a["href"] for a in with_class(main_content(page(example_site, "views/overdue/")), "ckb-person", "a")}:
        assert (example_site / "views/overdue" / href / "index.html").resolve().is_file(), href


def test_every_gantt_link_lands_on_a_task_of_the_page(example_site: Path, checked: pipeline.Checked) -> None:
    for project in checked.kb.projects:
        article = main_content(page(example_site, f"projects/{project.slug}/tasks/"))
        ids = {attrs["id"] for _, attrs in parse(article).elements if "id" in attrs}
        chart = article[article.index('<div class="ckb-gantt-wrap"'):article.index('<p class="ckb-legend">')]
        hrefs = [attrs["href"] for tag, attrs in parse(chart).elements if tag == "a"]
        assert len(hrefs) == 2 * len(project.tasks)  # the label and the bar of every task
        assert all(h.startswith("#") and h[1:] in ids for h in hrefs)
        assert {h[1:] for h in hrefs} == {f"task-{t.id}" for t in project.tasks}


def test_generated_pages_have_no_contents_column(example_site: Path) -> None:
    for url in ("projects/q4-smartwatch-launch/tasks/", "projects/q4-smartwatch-launch/risks/", "views/overdue/",
                "views/departments/市场部/", "people/ma-chao/"):
        markup = page(example_site, url)
        assert re.search(r'<div class="md-sidebar md-sidebar--secondary"[^>]*\bhidden\b', markup), url


def test_material_speaks_the_wikis_language(make_kb, tmp_path: Path) -> None:
    """theme.language says zh, the wiki is English: Material's own labels and <html lang> follow the wiki."""
    root = make_kb({"mkdocs.yml": "site_name: t\ntheme:\n  name: material\n  language: zh\n  font: false\n"
                                  "plugins:\n  - search\n  - collabkb:\n      language: en\n",
                    "docs/index.md": "# Home\n"})
    out = tmp_path / "site"
    run = mkdocs_build(root, out)
    assert run.returncode == 0, run.stderr
    markup = (out / "projects/demo/tasks/index.html").read_text("utf-8")
    assert '<html lang="en"' in markup and 'placeholder="Search"' in markup
    assert title_of(markup) == "测试项目 · Tasks &amp; progress - t"  # escaped: Material prints the title as it is


def test_a_lower_is_better_key_result_is_met_below_its_target(example_site: Path, checked: pipeline.Checked) -> None:
    project = checked.kb.project_by_slug["band-complaint-response"]
    complaints = next(kr for kr in project.key_results if kr.metric == "周投诉量")
    assert (complaints.direction, complaints.target, complaints.actual) == ("down", 20, 9)
    assert complaints.met is True and complaints.attainment == 222
    table = main_content(page(example_site, "projects/band-complaint-response/"))
    table = table[table.index('class="ckb-table ckb-kr"'):]
    row = next(r for r in table.split("<tr>") if "周投诉量" in r)
    assert "ckb-bar--met" in row and "越低越好" in row and "已达成" in row


def test_key_result_attainment_in_both_directions() -> None:
    from collabkb.check.model import KeyResult

    assert KeyResult("触达", 100, 80, None).met is False and KeyResult("触达", 100, 80, None).attainment == 80
    assert KeyResult("触达", 100, 120, None).met is True
    assert KeyResult("投诉", 20, 25, None, "down").met is False and KeyResult("投诉", 20, 25, None, "down").attainment == 80
    assert KeyResult("投诉", 20, 0, None, "down").attainment == 100
    assert KeyResult("城市", "3 个核心城市", "2 个", None).attainment is None
    assert KeyResult("触达", 100, None, None).met is None


def test_every_project_page_says_when_the_project_last_changed(example_site: Path, checked: pipeline.Checked) -> None:
    for project in checked.kb.projects:
        newest_update = max((u.date for t in project.tasks for u in t.updates), default=None)
        for tab in ("", "tasks/", "risks/"):
            found = re.search(r'<p class="ckb-meta ckb-updated">最近更新：(\d{4}-\d\d-\d\d)</p>',
                              page(example_site, f"projects/{project.slug}/{tab}"))
            assert found, (project.slug, tab)
            shown = dt.date.fromisoformat(found.group(1))
            assert shown <= checked.today, "nothing after the day the site is built for"
            assert newest_update is None or shown >= newest_update  # a commit may be newer than any update


def test_the_monday_stand_up_agenda(example_site: Path, checked: pipeline.Checked) -> None:
    from collabkb.site.standup import agenda

    project = checked.kb.project_by_slug["q4-smartwatch-launch"]
    week = agenda(project, checked.today, [f for f in checked.findings if f.project == project.slug])
    assert (week.monday, week.sunday, week.last_monday) == (dt.date(2026, 11, 16), dt.date(2026, 11, 22), dt.date(2026, 11, 9))
    assert all(not t.is_closed and (week.monday <= t.due <= week.sunday or week.monday <= t.start <= week.sunday)
               for t in week.planned) and "T5" in {t.id for t in week.planned}
    assert [t.id for t in week.overdue] == ["T8"] and week.needs_coordination
    earlier = agenda(project, dt.date(2026, 10, 14), ())
    assert [t.id for t in earlier.done] == [t.id for t in project.tasks
                                             if t.completed and dt.date(2026, 10, 5) <= t.completed <= dt.date(2026, 10, 11)]
    assert earlier.done, "the example has a task finished in the week of 2026-10-05"
    article = main_content(page(example_site, "projects/q4-smartwatch-launch/"))
    block = article[article.index('<div class="ckb-standup">'):]
    assert "每周一站会" in article and 'href="tasks/#task-T8"' in block and 'href="tasks/#task-T5"' in block
