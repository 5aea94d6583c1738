"""The people pages, calendars and dashboard flag, from ``build_site`` (no MkDocs build needed)."""

from __future__ import annotations

import datetime as dt

import icalendar
import pytest

from collabkb.check import pipeline
from collabkb.check.config import ConfigError, load_config
from collabkb.site.pages import build_site

TODAY = dt.date(2026, 11, 18)

TASKS = """\
tasks:
  - {id: T1, title: 方案, department: 市场部, owner: 李娜, start: 2026-09-01, due: 2026-11-10, status: in_progress, progress: 90, updates: [{date: 2026-11-17, progress: 90}]}
  - {id: T2, title: 开发, department: 研发部, owner: 张伟, start: 2026-10-01, due: 2026-11-25, status: in_progress, progress: 60, updates: [{date: 2026-11-17, progress: 60}]}
  - {id: T3, title: 联调, department: 研发部, owner: 张伟, start: 2026-10-01, due: 2026-12-20, status: in_progress, progress: 30, updates: [{date: 2026-11-17, progress: 30}]}
  - {id: T4, title: 发布, department: 市场部, owner: 李娜, start: 2026-11-01, due: 2026-11-30, status: not_started, milestone: true}
"""
RISKS = """\
risks:
  - {id: R1, title: 供应延迟, level: high, raised: 2026-11-01, owner: 王芳, status: open,
     response: {created: 2026-11-02, measures: [备选供应商], owner: 李娜, due: 2026-11-15}}
  - {id: R2, title: "<script>alert(1)</script>", level: low, raised: 2026-11-01, owner: 王芳, status: open,
     response: {created: 2026-11-02, measures: [观察], due: 2026-12-01}}
"""
ACCEPTANCE = """\
deliverables:
  - {id: D1, name: 方案书, result: fail, rectification: {actions: [补充预算], owner: 张伟, due: 2026-11-30}}
"""
CONFIG = """\
plugins:
  - collabkb:
      language: zh
      rules:
        overloaded: {max_in_progress: 1}
"""


def _site(make_kb, config: str = CONFIG):
    root = make_kb({"mkdocs.yml": config, "projects/demo/tasks.yaml": TASKS, "projects/demo/risks.yaml": RISKS,
                    "projects/demo/acceptance.yaml": ACCEPTANCE}, language="zh")
    kb_config = load_config(root)
    checked = pipeline.check(kb_config, TODAY)
    return build_site(checked, kb_config), checked


def _events(ics: bytes) -> dict[str, tuple[dt.date, str]]:
    calendar = icalendar.Calendar.from_ical(ics)
    return {str(e["UID"]): (e.decoded("DTSTART"), str(e["SUMMARY"])) for e in calendar.walk("VEVENT")}


def test_people_index_lists_everyone_with_workload_and_links(make_kb) -> None:
    site, _ = _site(make_kb)
    pages = {p.src_uri: p for p in site.pages}
    index = pages["people/index.md"].markdown
    for slug, name in (("li-na", "李娜"), ("zhang-wei", "张伟"), ("wang-fang", "王芳")):
        assert f'href="{slug}/">{name}</a>' in index and f"people/{slug}.md" in pages
        assert f'href="../calendar/{slug}.ics"' in index
    assert "ckb-badge--overloaded" in index.split("张伟")[1].split("</tr>")[0]  # 2 in progress > 1
    assert 'href="../calendar/department/研发部.ics"' in index
    assert {"人员": "people/index.md"} in site.nav


def test_person_page_lists_what_they_own_overdue_first(make_kb) -> None:
    site, _ = _site(make_kb)
    page = {p.src_uri: p for p in site.pages}["people/li-na.md"].markdown
    tasks = page.split("## 负责的任务")[1].split("## ")[0]
    assert tasks.index("task-T1") < tasks.index("task-T4") and "ckb-row--overdue" in tasks
    risks = page.split("## 风险与应对")[1].split("## ")[0]
    assert "R1" in risks and "应对责任人" in risks and "已逾期" in risks  # response due 11-15
    assert "未完成任务 2 个" in page and 'href="../../calendar/li-na.ics"' in page


def test_user_text_is_escaped_on_person_pages(make_kb) -> None:
    site, _ = _site(make_kb)
    page = {p.src_uri: p for p in site.pages}["people/wang-fang.md"].markdown
    assert "<script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_person_and_department_calendars_hold_every_kind_of_deadline(make_kb) -> None:
    site, _ = _site(make_kb)
    zhang = _events(site.static["calendar/zhang-wei.ics"])
    assert set(zhang) == {"task-T2-demo@collabkb", "task-T3-demo@collabkb", "rectification-D1-demo@collabkb"}
    assert zhang["rectification-D1-demo@collabkb"][0] == dt.date(2026, 11, 30)
    lina = _events(site.static["calendar/li-na.ics"])
    assert "response-R1-demo@collabkb" in lina and "◆" not in lina["task-T1-demo@collabkb"][1]
    wang = _events(site.static["calendar/wang-fang.ics"])
    assert set(wang) == {"response-R2-demo@collabkb"}  # R2's response names no owner: the risk owner's
    market = _events(site.static["calendar/department/市场部.ics"])
    assert {"task-T1-demo@collabkb", "task-T4-demo@collabkb", "response-R1-demo@collabkb",
            "response-R2-demo@collabkb"} == set(market)
    assert set(_events(site.static["calendar/department/研发部.ics"])) == {
        "task-T2-demo@collabkb", "task-T3-demo@collabkb", "rectification-D1-demo@collabkb"}


def test_overloaded_people_are_flagged_on_the_dashboard_with_a_link_to_their_page(make_kb) -> None:
    site, checked = _site(make_kb)
    assert [f.item for f in checked.findings if f.rule == "overloaded"] == ["张伟"]
    dashboard = {p.src_uri: p for p in site.pages}["index.md"].markdown
    assert "负荷过重" in dashboard and 'href="people/zhang-wei/">张伟</a>' in dashboard


def test_configured_slugs_are_used_and_bad_ones_are_refused_when_the_config_is_read(make_kb) -> None:
    config = CONFIG + "      people:\n        slugs: {张伟: zw-rd}\n"
    site, _ = _site(make_kb, config)
    assert "people/zw-rd.md" in {p.src_uri for p in site.pages} and "calendar/zw-rd.ics" in site.static
    # Before, `collabkb check` passed and `mkdocs build` failed without a position.
    with pytest.raises(ConfigError, match="Zhang") as raised:
        _site(make_kb, CONFIG + "      people:\n        slugs: {张伟: Zhang}\n")
    assert str(raised.value).startswith("mkdocs.yml:") and raised.value.mark is not None


def test_every_department_page_links_an_existing_calendar(make_kb) -> None:
    departments = "departments:\n  - {name: 市场部}\n  - {name: 研发部}\n  - {name: 财务部}\n"  # 财务部: on no team
    root = make_kb({"projects/_departments.yaml": departments, "projects/demo/tasks.yaml": TASKS}, language="zh")
    config = load_config(root)
    site = build_site(pipeline.check(config, TODAY), config)
    pages = {p.src_uri: p.markdown for p in site.pages if p.src_uri.startswith("views/departments/") and
             not p.src_uri.endswith("index.md")}
    assert len(pages) == 3
    for uri, markdown in pages.items():
        slug = uri.rsplit("/", 1)[1][:-3]
        assert f'href="../../../calendar/department/{slug}.ics"' in markdown
        assert f"calendar/department/{slug}.ics" in site.static
    assert _events(site.static["calendar/department/财务部.ics"]) == {}
