"""Project documents (docs/**/*.md): reading, front matter, titles, action items, lessons, URLs, references."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any, Callable

import pytest
from click.testing import CliRunner

from collabkb.check import document_text, pipeline
from collabkb.check.config import load_config
from collabkb.cli import main

MakeKb = Callable[..., Path]
DOCS = "projects/demo/docs"


def loaded(make_kb: MakeKb, files: dict[str, Any], mkdocs: str | None = None) -> pipeline.Loaded:
    extra = {"mkdocs.yml": mkdocs} if mkdocs else {}
    return pipeline.load_knowledge_base(load_config(make_kb({**extra, **files})))


def documents(result: pipeline.Loaded) -> dict[str, Any]:
    (project,) = result.kb.projects
    return {d.path: d for d in project.documents}


def test_front_matter_gives_title_date_type_and_links(make_kb: MakeKb) -> None:
    result = loaded(make_kb, {f"{DOCS}/review.md": "---\ntitle: 需求评审\ndate: 2026-09-01\ntype: review\n"
                                                   "attendees: [王芳, 张伟]\ntasks: [T1]\ntags: [评审]\n---\n# 另一个标题\n\n正文\n"})
    assert result.findings == ()
    doc = documents(result)["docs/review.md"]
    assert (doc.title, doc.date, doc.type, doc.attendees, doc.tasks, doc.tags, doc.url_path) == (
        "需求评审", dt.date(2026, 9, 1), "review", ("王芳", "张伟"), ("T1",), ("评审",), "docs/review")
    assert doc.body_line == 9 and doc.body.startswith("# 另一个标题")


def test_without_front_matter_the_title_is_the_first_heading_else_the_file_name(make_kb: MakeKb) -> None:
    result = loaded(make_kb, {f"{DOCS}/a.md": "一段文字\n\n## 第一个标题\n", f"{DOCS}/周会/第 2 周.md": "只有文字\n"})
    assert result.findings == ()
    docs = documents(result)
    assert docs["docs/a.md"].title == "第一个标题" and docs["docs/a.md"].date is None  # no git here
    assert (docs["docs/周会/第 2 周.md"].title, docs["docs/周会/第 2 周.md"].url_path) == ("第 2 周", "docs/周会/第-2-周")


def test_a_broken_front_matter_still_publishes_the_text(make_kb: MakeKb) -> None:
    result = loaded(make_kb, {f"{DOCS}/x.md": "---\ntitle: [纪要\n---\n# 纪要\n\n正文\n"})
    assert [f.rule for f in result.findings] == ["yaml"]
    assert documents(result)["docs/x.md"].title == "纪要"


def test_a_key_breaking_the_schema_is_set_aside_alone(make_kb: MakeKb) -> None:
    result = loaded(make_kb, {f"{DOCS}/x.md": "---\ntitle: 纪要\ntype: 会议纪要\ntasks: [T1]\n---\n正文\n"})
    assert [(f.rule, f.line) for f in result.findings] == [("schema", 3)]
    assert "did you mean 'minutes'?" in result.findings[0].message
    doc = documents(result)["docs/x.md"]
    assert (doc.title, doc.type, doc.tasks) == ("纪要", None, ("T1",))


def test_action_items_are_task_list_lines_with_owner_and_date() -> None:
    body = ("- [ ] 王芳 2026-09-05 补充渠道清单\n  * [x] @李娜 2026-09-06 发出纪要\n- [ ] 没有日期\n"
            "- [ ] 王芳 2026-9-7 短日期\n~~~\n- [ ] 张伟 2026-09-08 代码\n~~~\n")
    items = [(a.done, a.owner, a.date, a.text, a.line, a.owner_column) for a in document_text.action_lines(body, 10)]
    assert items == [(False, "王芳", "2026-09-05", "补充渠道清单", 10, 7), (True, "李娜", "2026-09-06", "发出纪要", 11, 10),
                     (False, "王芳", "2026-9-7", "短日期", 13, 7)]


def test_lessons_are_the_items_of_the_lessons_section_of_a_report(make_kb: MakeKb) -> None:
    body = ("# 总结\n\n## 经验教训\n\n- 第一条\n  接续的一行\n- 第二条\n\n### 细节\n\n- 第三条\n\n## 后续\n\n- 不是教训\n")
    assert document_text.lessons(body) == ("第一条 接续的一行", "第二条", "第三条")
    assert document_text.lessons("## Lessons learned\n\nOne paragraph.\n\nAnother.\n") == ("One paragraph.", "Another.")
    result = loaded(make_kb, {f"{DOCS}/r.md": f"---\ntype: report\n---\n{body}", f"{DOCS}/m.md": body})
    docs = documents(result)
    assert docs["docs/r.md"].lessons == ("第一条 接续的一行", "第二条", "第三条") and docs["docs/m.md"].lessons == ()


@pytest.mark.parametrize(("url", "expected"), [
    ("other.md", ("docs/other.md", "", False)),
    ("../tasks.yaml#T1", ("tasks.yaml", "T1", False)),
    ("img/%E5%9B%BE.png", ("docs/img/图.png", "", False)),
    ("../../other/project.yaml", (None, "", True)),
    ("/etc/passwd", (None, "", True)),
    ("https://example.com/", (None, "", False)),
    ("#heading", (None, "", False)),
])
def test_link_targets_resolve_inside_the_project_folder(url: str, expected: tuple[Any, ...]) -> None:
    target = document_text.link_target("docs/minutes.md", url)
    assert (target.path, target.fragment, target.outside) == expected


def test_decision_minutes_may_name_a_document(make_kb: MakeKb) -> None:
    coordination = ("issues:\n  - id: I1\n    title: 展位\n    raised: 2026-09-01\n    status: resolved\n"
                    "    decision:\n      minutes: {minutes}\n")
    named = loaded(make_kb, {f"{DOCS}/2026-09-01 协调会.md": "# 协调会\n",
                             "projects/demo/coordination.yaml": coordination.format(minutes="./docs/2026-09-01 协调会.md")})
    assert named.findings == ()
    text = loaded(make_kb, {"projects/demo/coordination.yaml": coordination.format(minutes="王芳主持，结论见群公告。")})
    assert text.findings == ()
    outside = loaded(make_kb, {"projects/demo/coordination.yaml": coordination.format(minutes="../other/docs/x.md")})
    assert [(f.rule, f.line, f.column, f.item) for f in outside.findings] == [("reference", 7, 7, "I1")]
    assert "outside this project's folder" in outside.findings[0].message


def test_an_unreadable_document_is_not_also_unknown(make_kb: MakeKb) -> None:
    coordination = ("issues:\n  - id: I1\n    title: 展位\n    raised: 2026-09-01\n    status: resolved\n"
                    "    decision:\n      minutes: docs/x.md\n")
    result = loaded(make_kb, {f"{DOCS}/x.md": "caf\xe9\n".encode("latin-1"), "projects/demo/coordination.yaml": coordination})
    assert [f.rule for f in result.findings] == ["yaml"]


def test_the_documents_folder_name_is_configurable(make_kb: MakeKb) -> None:
    mkdocs = "site_name: t\nplugins:\n  - collabkb:\n      language: en\n      documents_dir: 纪要\n"
    result = loaded(make_kb, {"projects/demo/纪要/a.md": "# A\n", f"{DOCS}/b.md": "# B\n"}, mkdocs)
    assert [d.path for d in result.kb.projects[0].documents] == ["纪要/a.md"]
    assert [(f.file, f.rule) for f in result.findings] == [(DOCS, "reference")]
    assert "go in the 纪要/ folder" in result.findings[0].message


def test_a_bad_documents_dir_is_a_configuration_error(make_kb: MakeKb) -> None:
    root = make_kb({"mkdocs.yml": "site_name: t\nplugins:\n  - collabkb:\n      documents_dir: ../docs\n"})
    result = CliRunner().invoke(main, ["validate", str(root)])
    assert result.exit_code == 2 and "mkdocs.yml:4:22: documents_dir '../docs'" in result.stderr


def test_documents_never_share_a_page_or_take_a_tabs_page(make_kb: MakeKb) -> None:
    result = loaded(make_kb, {f"{DOCS}/index.md": "# 目录\n", f"{DOCS}/周会.md": "# 周会\n", f"{DOCS}/周会/index.md": "# 周会目录\n"})
    urls = {d.path: d.url_path for d in result.kb.projects[0].documents}
    assert urls == {"docs/index.md": "docs/index-2", "docs/周会.md": "docs/周会", "docs/周会/index.md": "docs/周会/index-2"}
    assert sorted((f.file, f.rule) for f in result.findings) == [(f"{DOCS}/index.md", "reference"),
                                                                 (f"{DOCS}/周会/index.md", "reference")]
    assert any("would have the same address as 'docs/周会.md'" in f.message for f in result.findings)
