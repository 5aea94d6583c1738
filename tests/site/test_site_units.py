"""Unit tests of the site's pieces: safe Markdown, titles, links, slugs, Gantt geometry, calendars."""

from __future__ import annotations

import datetime as dt

import icalendar
import pytest
import yaml

from collabkb.report import export
from collabkb.check import pipeline
from collabkb.check.config import load_config
from collabkb.i18n import Messages
from collabkb.portfolio.view import Portfolio
from collabkb.site import gantt
from collabkb.site.pages import department_slug
from collabkb.site.render import FreeText, relative_url, title_html

TODAY = dt.date(2026, 11, 18)


@pytest.fixture
def checked(make_kb) -> pipeline.Checked:
    return pipeline.check(load_config(make_kb(language="zh")), TODAY)


def test_free_text_renders_markdown_and_shows_raw_html_as_text() -> None:
    md = FreeText()
    assert md("**粗** 和 *斜*") == "<p><strong>粗</strong> 和 <em>斜</em></p>"
    assert "<li>一</li>" in md("- 一\n- 二")
    html = md("<script>alert(1)</script> <b>b</b>")
    assert "<script" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "&lt;b&gt;" in html
    assert md("[x](javascript:alert(1))") == "<p><a rel=\"noopener noreferrer\">x</a></p>"
    assert 'href="mailto:a@example.com"' in md("[mail](mailto:a@example.com)")
    assert "<h1>" not in md("# 大标题") and "大标题" in md("# 大标题")
    assert md.inline("一段") == "一段" and md(None) == ""


def test_titles_are_escaped_and_cannot_close_the_title_element() -> None:
    assert title_html("A & <b>") == "A &amp; &lt;b&gt;"
    assert "&lt;/title" not in title_html("</title><script>") and "\u200d/title" in title_html("</title>")


@pytest.mark.parametrize(("source", "target", "directory", "expected"), [
    ("index.md", "projects/a/index.md", True, "projects/a/"),
    ("projects/a/tasks.md", "views/overdue.md", True, "../../../views/overdue/"),
    ("projects/a/index.md", "index.md", True, "../../"),
    ("projects/a/index.md", "calendar.ics", True, "../../calendar.ics"),
    ("projects/a/index.md", "projects/a/tasks.md", True, "tasks/"),
    ("index.md", "index.md", True, "./"),
    ("projects/a/tasks.md", "views/overdue.md", False, "../../views/overdue.html"),
    ("projects/a/index.md", "index.md", False, "../../index.html"),
])
def test_relative_urls_match_mkdocs(source: str, target: str, directory: bool, expected: str) -> None:
    assert relative_url(source, target, directory) == expected


def test_department_slugs_keep_chinese() -> None:
    assert department_slug("研发部") == "研发部"
    assert department_slug("IT / 信息部") == "it-信息部"
    assert department_slug("///") == "department"


def test_gantt_has_one_bar_per_task_and_a_dependency_arrow(checked: pipeline.Checked) -> None:
    project = checked.kb.projects[0]
    chart = gantt.build(project, TODAY, overdue=["T2"])
    assert chart is not None and [b.task for b in chart.bars] == ["T1", "T2"]
    first, second = chart.bars
    assert first.x < second.x and first.y < second.y
    assert first.state == "done" and second.state == "overdue"
    assert second.fill == pytest.approx(second.width * 0.6)
    assert len(chart.arrows) == 1 and chart.today_x is not None
    assert first.x + first.width <= second.x + 1e-6
    later = gantt.build(project, dt.date(2030, 1, 1), overdue=[])
    assert later is not None and later.today_x is None


def test_gantt_without_tasks_is_none(make_kb) -> None:
    kb = pipeline.check(load_config(make_kb({"projects/demo/tasks.yaml": None})), TODAY).kb
    assert gantt.build(kb.projects[0], TODAY, ()) is None


def test_calendar_is_byte_stable_and_filters_by_department_and_person(checked: pipeline.Checked) -> None:
    msg = Messages("zh")
    events = export.events_for(checked.kb, msg)
    once = export.calendar_ics(events, "日历", TODAY)
    assert once == export.calendar_ics(export.events_for(checked.kb, msg), "日历", TODAY)
    parsed = icalendar.Calendar.from_ical(once)
    uids = [str(e["UID"]) for e in parsed.walk("VEVENT")]
    assert uids == ["task-T2-demo@collabkb", "project-demo@collabkb"]
    assert [e.uid for e in export.events_for(checked.kb, msg, department="研发部")] == ["task-T2-demo@collabkb"]
    assert export.events_for(checked.kb, msg, department="市场部") == []
    assert [e.uid for e in export.events_for(checked.kb, msg, person="张伟")] == ["task-T2-demo@collabkb"]


def test_summary_progress_and_next_milestone(checked: pipeline.Checked) -> None:
    (summary,) = Portfolio.build(checked, Messages("zh")).projects
    assert summary.progress == 80 and summary.tasks == 2 and summary.done == 1
    assert summary.next_milestone is None


def test_site_messages_exist_in_both_languages() -> None:
    from importlib import resources

    keys = {}
    for language in ("zh", "en"):
        text = resources.files("collabkb").joinpath("messages", f"{language}.yaml").read_text("utf-8")
        keys[language] = {k for k in yaml.safe_load(text) if k.startswith("site.")}
    assert keys["zh"] == keys["en"] and len(keys["zh"]) > 150


def test_nav_lists_projects_until_the_limit_then_one_page_per_status(make_kb) -> None:
    import shutil

    from collabkb.site.pages import NAV_PROJECT_LIMIT, build_site

    root = make_kb(language="zh")
    config = load_config(root)
    small = build_site(pipeline.check(config, TODAY), config)
    projects = small.nav[1]["项目"]
    assert projects == [{"全部项目": "projects/index.md"}, {"进行中": [{"测试项目": [
        {"概览": "projects/demo/index.md"}, {"任务与进度": "projects/demo/tasks.md"}, {"风险预警": "projects/demo/risks.md"},
        {"问题与资源": "projects/demo/coordination.md"}, {"交付验收": "projects/demo/acceptance.md"},
        {"复盘总结": "projects/demo/retro.md"}, {"文档与纪要": "projects/demo/docs.md"}]}]}]
    for n in range(NAV_PROJECT_LIMIT):
        shutil.copytree(root / "projects" / "demo", root / "projects" / f"demo-{n}")
    large = build_site(pipeline.check(config, TODAY), config)
    assert large.nav[1]["项目"] == [{"全部项目": "projects/index.md"}, {"进行中": "projects/active.md"}]
    listing = next(p for p in large.pages if p.src_uri == "projects/active.md")
    assert listing.markdown.count('href="../demo-') == NAV_PROJECT_LIMIT  # and demo itself


def test_serve_watches_projects_and_schemas(make_kb) -> None:
    from types import SimpleNamespace

    from collabkb.site.plugin import CollabKBPlugin

    root = make_kb()
    (root / "schemas").mkdir()
    watched: list[str] = []
    server = SimpleNamespace(watch=watched.append)
    plugin = CollabKBPlugin()
    plugin.on_serve(server, config=SimpleNamespace(config_file_path=str(root / "mkdocs.yml")), builder=None)
    assert watched == [str(root.resolve() / "projects"), str(root.resolve() / "schemas")]
