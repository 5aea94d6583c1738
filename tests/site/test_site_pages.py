"""The example wiki, built for 2026-11-18: every page kind holds what the core computed."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import icalendar
import pytest

from collabkb.check import pipeline
from collabkb.check.config import load_config
from collabkb.portfolio.view import Portfolio
from collabkb.site.pages import department_slug

from site_build import ROOT, TODAY
from site_html import main_content, page, parse, text, with_class

PROJECT_PAGES = ("", "tasks/", "risks/", "coordination/", "acceptance/", "retro/", "docs/")


@pytest.fixture(scope="module")
def checked() -> pipeline.Checked:
    config = load_config(ROOT)
    return pipeline.check(config, dt.date.fromisoformat(TODAY))


def test_dashboard_lists_every_project_with_health_and_counts(example_site: Path, checked: pipeline.Checked) -> None:
    markup = main_content(page(example_site, ""))
    health = {v.project.slug: v.health for v in Portfolio.build(checked, load_config(ROOT).messages).projects}
    rows = with_class(markup, "ckb-row", "tr")
    for project in checked.kb.projects:
        assert f'href="projects/{project.slug}/"' in markup
        assert {"class": f"ckb-row ckb-row--{health[project.slug].level}"} in rows
        for reason in health[project.slug].reasons:
            assert reason.text in text(markup)
    assert "2026-11-18" in text(markup)
    assert 'href="calendar.ics"' in markup and 'href="api/projects.json"' in markup


def test_dashboard_needs_attention_lists_overdue_ownerless_and_high_risks(example_site: Path, checked: pipeline.Checked) -> None:
    markup = main_content(page(example_site, ""))
    attention = markup.split('ckb-attention"', 1)[1]  # the pressing list, then the data-upkeep block
    for finding in checked.findings:
        if finding.rule in ("overdue", "ownerless", "lagging", "issue-response"):
            assert finding.message in text(attention), finding
    high = [r for p in checked.kb.projects for r in p.risks if r.level == "high" and r.is_open]
    for risk in high:
        assert risk.title in text(attention)
    kinds = [cells[1] for cells in re.findall(r"<tr class=\"ckb-row[^>]*>\s*<td[^>]*>(.*?)</td>\s*<td[^>]*>(.*?)</td>", attention)]
    assert kinds[0] == "逾期" and kinds.index("逾期") < kinds.index("高风险") < kinds.index("进度滞后")


def test_every_project_has_all_its_pages_with_tabs(example_site: Path, checked: pipeline.Checked) -> None:
    for project in checked.kb.projects:
        for sub in PROJECT_PAGES:
            markup = main_content(page(example_site, f"projects/{project.slug}/{sub}"))
            assert project.name in text(markup)
            assert len(with_class(markup, "ckb-tabs__current", "a")) == 1


def test_overview_shows_goal_key_results_scope_and_raci(example_site: Path, checked: pipeline.Checked) -> None:
    project = checked.kb.project_by_slug["q3-channel-expansion"]
    markup = main_content(page(example_site, f"projects/{project.slug}/"))
    visible = text(markup)
    assert project.goal in visible
    for kr in project.key_results:
        assert kr.metric in visible
    # 26 of 30 agents signed: an attainment bar of 87 %
    assert "87%" in visible
    for item in (*project.scope_in, *project.scope_out):
        assert item in visible
    raci = markup.split('class="ckb-table ckb-raci"', 1)[1].split("</table>", 1)[0]
    marks = with_class(raci, "ckb-raci__cell--on", "td")
    assert len(marks) == len(project.team)
    assert "<strong>" in markup, "Markdown in the background renders"
    assert 'href="https://wiki.example.com/sales/q3-channel-request"' in markup
    assert 'rel="noopener noreferrer"' in markup


def test_tasks_page_has_a_gantt_with_one_bar_per_task(example_site: Path, checked: pipeline.Checked) -> None:
    for project in checked.kb.projects:
        markup = main_content(page(example_site, f"projects/{project.slug}/tasks/"))
        if not project.tasks:
            continue
        svg = markup.split('<svg class="ckb-gantt" ', 1)[1].split("</svg>", 1)[0]  # the bars (the header is ckb-gantt__axis)
        assert len(with_class(svg, "ckb-gantt__bar", "rect")) == len(project.tasks)
        assert len(with_class(svg, "ckb-gantt__milestone", "polygon")) == sum(t.milestone for t in project.tasks)
        edges = sum(1 for t in project.tasks for d in t.depends_on if d in project.task_by_id)
        assert len(with_class(svg, "ckb-gantt__dep", "path")) == edges
        overdue = {f.item for f in checked.findings if f.rule == "overdue" and f.project == project.slug}
        late_groups = {g["data-task"] for g in with_class(svg, "ckb-gantt__task--overdue", "g")}
        assert late_groups == overdue
        inside = project.start <= checked.today <= max(t.due for t in project.tasks) + dt.timedelta(days=1)
        assert bool(with_class(svg, "ckb-gantt__today", "line")) == inside
        # the progress table: every task once per department grouping, and its update log
        for task in project.tasks:
            assert f'id="task-{task.id}"' in markup
            for update in task.updates:
                assert update.date.isoformat() in markup


def test_tasks_page_marks_overdue_rows_and_lists_dependencies(example_site: Path, checked: pipeline.Checked) -> None:
    markup = main_content(page(example_site, "projects/q4-smartwatch-launch/tasks/"))
    assert with_class(markup, "ckb-row--overdue", "tr"), "T8 is overdue on 2026-11-18"
    assert with_class(markup, "ckb-badge--overdue")
    deps = markup.split('class="ckb-deps"', 1)[1].split("</ul>", 1)[0]
    project = checked.kb.project_by_slug["q4-smartwatch-launch"]
    assert deps.count("<li>") == sum(1 for t in project.tasks if t.depends_on)


def test_risks_page_lists_rule_warnings_with_levels_and_the_register(example_site: Path, checked: pipeline.Checked) -> None:
    slug = "annual-meeting-2026"
    markup = main_content(page(example_site, f"projects/{slug}/risks/"))
    visible = text(markup)
    for finding in checked.findings:
        if finding.project == slug and finding.rule not in ("yaml", "schema", "reference"):
            assert finding.message in visible
    assert with_class(markup, "ckb-level--high"), "overdue is shown as a high-level warning"
    lagging = [f for f in checked.findings if f.project == slug and f.rule == "lagging"]
    assert lagging and len(with_class(markup.split("ckb-warnings", 1)[1].split("</table>")[0], "ckb-level")) >= len(lagging) + 1
    for risk in checked.kb.project_by_slug[slug].risks:
        assert f'id="risk-{risk.id}"' in markup
        for measure in risk.response.measures if risk.response else ():
            assert measure in visible


def test_coordination_acceptance_and_retro_pages(example_site: Path, checked: pipeline.Checked) -> None:
    project = checked.kb.project_by_slug["q3-channel-expansion"]
    coordination = text(main_content(page(example_site, f"projects/{project.slug}/coordination/")))
    for issue in project.issues:
        assert issue.title in coordination
    for resource in project.resources:
        assert resource.item in coordination
    acceptance = text(main_content(page(example_site, f"projects/{project.slug}/acceptance/")))
    for deliverable in project.acceptance:
        assert deliverable.name in acceptance
    retro = text(main_content(page(example_site, f"projects/{project.slug}/retro/")))
    assert project.retro is not None
    for line in (*project.retro.went_well, *project.retro.to_improve, *(a.action for a in project.retro.actions)):
        assert text(line.replace("**", "")) in retro
    no_retro = text(main_content(page(example_site, "projects/q4-smartwatch-launch/retro/")))
    assert "尚未复盘" in no_retro


def test_views_overdue_upcoming_risks_lessons(example_site: Path, checked: pipeline.Checked) -> None:
    overdue = main_content(page(example_site, "views/overdue/"))
    late = [f for f in checked.findings if f.rule == "overdue"]
    assert len(with_class(overdue, "ckb-row", "tr")) == len(late)
    upcoming = main_content(page(example_site, "views/upcoming/"))
    horizon = checked.today + dt.timedelta(days=14)
    due_soon = [t for p in checked.kb.projects for t in p.tasks if not t.is_closed and checked.today <= t.due <= horizon]
    assert len(with_class(upcoming, "ckb-row", "tr")) == len(due_soon) > 0
    dues = re.findall(r'<td class="ckb-date">(\d{4}-\d\d-\d\d)</td>\s*<td>', upcoming)
    assert dues == sorted(dues)
    risks = main_content(page(example_site, "views/risks/"))
    open_risks = [r for p in checked.kb.projects for r in p.risks if r.is_open]
    assert len(with_class(risks, "ckb-row", "tr")) == len(open_risks)
    levels = re.findall(r'ckb-row ckb-row--risk-(\w+)', risks)
    assert levels == sorted(levels, key=["high", "medium", "low"].index)
    lessons = text(main_content(page(example_site, "views/lessons/")))
    for project in checked.kb.projects:
        for lesson in project.retro.lessons if project.retro else ():
            assert text(lesson.text.replace("**", "")) in lessons
            for tag in lesson.tags:
                assert tag in lessons


def test_department_pages(example_site: Path, checked: pipeline.Checked) -> None:
    index = main_content(page(example_site, "views/departments/"))
    names = list(dict.fromkeys([d.name for d in checked.kb.departments or ()]
                               + [d for p in checked.kb.projects for d in p.departments]))
    assert len({department_slug(name) for name in names}) == len(names)  # no suffixes in the example
    for name in names:
        slug = department_slug(name)
        assert name in text(index)
        markup = main_content(page(example_site, f"views/departments/{slug}/"))
        owned_open = [t for p in checked.kb.projects for t in p.tasks if t.department == name and not t.is_closed]
        for task in owned_open:
            assert task.title in text(markup)
        overdue = [f for f in checked.findings if f.rule == "overdue"
                   and checked.kb.project_by_slug[f.project].task_by_id[f.item].department == name]
        assert markup.count("ckb-row--overdue") >= len(overdue)


def test_calendar_is_valid_icalendar_with_stable_uids(example_site: Path, checked: pipeline.Checked) -> None:
    raw = (example_site / "calendar.ics").read_bytes()
    assert raw.startswith(b"BEGIN:VCALENDAR\r\n") and all(len(line) <= 75 for line in raw.split(b"\r\n"))
    calendar = icalendar.Calendar.from_ical(raw)
    events = list(calendar.walk("VEVENT"))
    uids = [str(e["UID"]) for e in events]
    assert len(uids) == len(set(uids))
    open_tasks = [t for p in checked.kb.projects for t in p.tasks if not t.is_closed]
    assert len(events) == len(open_tasks) + sum(p.status not in ("done", "cancelled") for p in checked.kb.projects)
    assert b"DTSTART;VALUE=DATE:" in raw and b"DTSTAMP:20261118T000000Z" in raw


def test_projects_json_has_health_and_counts(example_site: Path, checked: pipeline.Checked) -> None:
    document = json.loads((example_site / "api" / "projects.json").read_text("utf-8"))
    health = {v.project.slug: v.health for v in Portfolio.build(checked, load_config(ROOT).messages).projects}
    assert document["today"] == TODAY
    assert {p["slug"]: p["health"]["level"] for p in document["projects"]} == {s: h.level for s, h in health.items()}
    for entry in document["projects"]:
        project = checked.kb.project_by_slug[entry["slug"]]
        assert entry["counts"]["tasks"] == len(project.tasks)
        assert entry["counts"]["overdue"] == sum(f.rule == "overdue" and f.project == project.slug for f in checked.findings)


def test_chinese_search_index_is_segmented(example_site: Path) -> None:
    index = json.loads((example_site / "search" / "search_index.json").read_text("utf-8"))
    assert index["config"]["lang"] == ["zh"]
    words = {w for doc in index["docs"] for w in re.split(index["config"]["separator"], doc["text"])}
    assert {"培训", "渠道"} <= words, "jieba splits the text into words"


def test_site_is_offline_and_nothing_is_written_into_docs(example_site: Path) -> None:
    docs_before = sorted(p.relative_to(ROOT / "docs") for p in (ROOT / "docs").rglob("*"))
    for html_file in example_site.rglob("*.html"):
        for tag, attrs in parse(html_file.read_text("utf-8")).elements:
            for key in ("src", "href") if tag in ("script", "link", "img", "iframe") else ("src",):
                value = attrs.get(key, "")
                assert not re.match(r"^(https?:)?//", value), f"{html_file}: <{tag} {key}={value}>"
    assert sorted(p.relative_to(ROOT / "docs") for p in (ROOT / "docs").rglob("*")) == docs_before
    assert not any(p.name.endswith(".md") and "projects" in p.parts for p in (ROOT / "docs").rglob("*"))


def test_the_projects_tab_lands_on_every_project_by_health_then_due(example_site: Path, checked: pipeline.Checked) -> None:
    """SPEC §6: ``/projects/`` lists every project, by health then due date, and is where the tab leads."""
    markup = main_content(page(example_site, "projects/"))
    ordered = Portfolio.build(checked, load_config(ROOT).messages).by_health
    links = re.findall(r'<a href="([^"#]+)/">', markup)
    assert [link for link in links if link.count("/") == 0] == [v.project.slug for v in ordered]
    assert [v.health.level for v in ordered] == sorted((v.health.level for v in ordered),
                                                      key=["red", "amber", "green", "done", "cancelled"].index)
    home = page(example_site, "")
    tab = re.search(r'<a href="([^"]*)" class="md-tabs__link">\s*项目\s*</a>', home)
    assert tab is not None and tab.group(1) == "projects/"


def test_nav_nests_projects_and_views(example_site: Path, checked: pipeline.Checked) -> None:
    home = page(example_site, "")
    nav = home.split("md-nav--primary", 1)[1].split('<div class="md-content"', 1)[0]
    for label in ("总览", "项目", "视图"):
        assert label in nav
    slug = "q3-channel-expansion"
    inside = page(example_site, f"projects/{slug}/tasks/")
    nav = inside.split("md-nav--primary", 1)[1].split('<div class="md-content"', 1)[0]
    for project in checked.kb.projects:  # every project is listed in the Projects tab …
        assert project.name in nav
    for sub in ("risks", "coordination", "acceptance", "retro"):  # … with its pages under the open one only
        assert f'href="../{sub}/"' in nav
    assert "key-account-huaxin/tasks/" not in nav, "navigation.prune keeps other projects' pages out"
    views = page(example_site, "views/overdue/")
    nav = views.split("md-nav--primary", 1)[1].split('<div class="md-content"', 1)[0]
    for label in ("逾期任务", "未来两周", "风险汇总", "经验教训", "全部部门"):
        assert label in nav


def test_every_link_in_the_generated_pages_resolves(example_site: Path) -> None:
    from urllib.parse import unquote

    broken = []
    for html_file in example_site.rglob("index.html"):
        markup = html_file.read_text("utf-8")
        if '<article class="md-content__inner md-typeset">' not in markup:
            continue
        for href in re.findall(r'href="([^"]+)"', main_content(markup)):
            if href.startswith(("http:", "https:", "mailto:")):
                continue
            path, _, anchor = href.partition("#")
            target = (html_file.parent / unquote(path)).resolve() if path else html_file
            target = target / "index.html" if target.is_dir() else target
            if not target.exists():
                broken.append(f"{html_file.relative_to(example_site)} → {href}")
            elif anchor and f'id="{anchor}"' not in target.read_text("utf-8", errors="replace"):
                broken.append(f"{html_file.relative_to(example_site)} → {href} (no anchor)")
    assert broken == []
