"""people.py: slugs, what a person owns, workload per person and per department."""

from __future__ import annotations

import datetime as dt

import pytest

from collabkb.portfolio import people
from collabkb.check import pipeline
from collabkb.check.config import load_config
from collabkb.i18n import Messages

TODAY = dt.date(2026, 11, 18)

TASKS = """\
tasks:
  - {id: T1, title: 方案, department: 市场部, owner: 李娜, start: 2026-09-01, due: 2026-11-10, status: in_progress, progress: 50}
  - {id: T2, title: 开发, department: 研发部, owner: 张伟, start: 2026-10-01, due: 2026-11-25, status: in_progress, progress: 60}
  - {id: T3, title: 测试, owner: 张伟, start: 2026-10-01, due: 2026-12-20, status: not_started}
  - {id: T4, title: 归档, owner: 张伟, start: 2026-09-01, due: 2026-09-20, status: done, progress: 100, completed: 2026-09-20}
  - {id: T5, title: 发布, owner: 李娜, start: 2026-11-01, due: 2026-11-18, status: not_started, milestone: true}
"""

RISKS = """\
risks:
  - id: R1
    title: 供应延迟
    level: high
    raised: 2026-11-01
    owner: 王芳
    status: open
    response: {created: 2026-11-02, measures: [备选供应商], owner: 李娜, due: 2026-11-15}
"""

ACCEPTANCE = """\
deliverables:
  - id: D1
    name: 方案书
    result: fail
    rectification: {actions: [补充预算], owner: 张伟, due: 2026-11-30}
"""


def test_pinyin_slugs_with_collision_suffix_in_code_point_order() -> None:
    slugs = people.make_slugs(["柳杨", "刘洋", "张伟"])
    assert slugs["张伟"] == "zhang-wei"
    first, second = sorted(["柳杨", "刘洋"])
    assert (slugs[first], slugs[second]) == ("liu-yang", "liu-yang-2")
    assert people.make_slugs(["刘洋", "柳杨", "张伟"]) == slugs  # order of appearance does not matter


def test_configured_slug_wins_and_generated_ones_step_around_it() -> None:
    slugs = people.make_slugs(["刘洋", "柳杨"], {"柳杨": "liu-yang"})
    assert slugs == {"柳杨": "liu-yang", "刘洋": "liu-yang-2"}


@pytest.mark.parametrize("name, slug", [("Alice Wang", "alice-wang"), ("吕布", "lv-bu"), ("★", "person"),
                                        ("王 Fang 2", "wang-fang-2")])
def test_base_slug_is_readable_ascii(name: str, slug: str) -> None:
    assert people.base_slug(name) == slug
    assert people.SLUG_PATTERN.match(slug)


def test_bad_configured_slugs_are_refused_with_a_translated_message() -> None:
    msg = Messages("en")
    with pytest.raises(people.SlugError) as bad:
        people.make_slugs(["张伟"], {"张伟": "Zhang Wei"})
    assert "'Zhang Wei'" in bad.value.text(msg)
    with pytest.raises(people.SlugError) as twice:
        people.make_slugs(["张伟", "李娜"], {"张伟": "x", "李娜": "x"})
    assert "'x'" in twice.value.text(msg) and "张伟" in twice.value.text(msg)
    with pytest.raises(people.SlugError):
        people.configured_slugs({"slug": {}})
    assert people.configured_slugs({"slugs": {"张伟": "zw"}}) == {"张伟": "zw"}


def test_configured_slugs_come_from_the_collabkb_block(make_kb) -> None:
    root = make_kb({"mkdocs.yml": "plugins:\n  - collabkb:\n      people:\n        slugs: {张伟: zw-rd}\n"})
    assert people.configured_slugs(load_config(root).people) == {"张伟": "zw-rd"}


def _checked(make_kb):
    root = make_kb({"projects/demo/tasks.yaml": TASKS, "projects/demo/risks.yaml": RISKS,
                    "projects/demo/acceptance.yaml": ACCEPTANCE})
    return pipeline.check(load_config(root), TODAY)


def test_every_team_person_with_departments_and_items_overdue_first(make_kb) -> None:
    result = _checked(make_kb)
    by_name = {p.name: p for p in people.people(result.kb, TODAY, result.findings)}
    assert set(by_name) == {"王芳", "李娜", "张伟"}
    lina = by_name["李娜"]
    assert lina.departments == ("市场部",)
    # T1 (due 11-10) and the R1 response (due 11-15) are overdue, by due date; T5 is due today
    assert [(i.kind, i.id, i.overdue) for i in lina.items] == [
        ("task", "T1", True), ("response", "R1", True), ("task", "T5", False)]
    assert lina.workload == people.Workload(open=2, due_soon=1, in_progress=1, overdue=1, lagging=0)
    zhang = by_name["张伟"]
    assert [(i.kind, i.id) for i in zhang.items] == [
        ("task", "T2"), ("rectification", "D1"), ("task", "T3"), ("task", "T4")]
    assert zhang.workload.open == 2 and zhang.workload.due_soon == 1
    assert by_name["王芳"].coordinates[0].slug == "demo"
    assert [i.kind for i in by_name["王芳"].items] == ["risk"]


def test_department_workload_uses_the_task_department_else_the_owner_team(make_kb) -> None:
    result = _checked(make_kb)
    load = people.department_workload(result.kb, TODAY, result.findings)
    assert load["市场部"] == people.Workload(open=2, due_soon=1, in_progress=1, overdue=1, lagging=0)
    assert load["研发部"].open == 2 and load["研发部"].in_progress == 1  # T3 has no department: 张伟's


def test_lagging_counts_come_from_the_lagging_findings(make_kb) -> None:
    result = _checked(make_kb)
    lagging = {(f.project, f.item) for f in result.findings if f.rule == "lagging"}
    person = {p.name: p for p in people.people(result.kb, TODAY, result.findings)}["张伟"]
    assert person.workload.lagging == len({("demo", "T2")} & lagging)


def test_the_example_knowledge_base_has_unique_valid_slugs() -> None:
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    result = pipeline.check(load_config(root), TODAY)
    everyone = people.people(result.kb, TODAY, result.findings)
    slugs = [p.slug for p in everyone]
    assert len(slugs) == len(set(slugs)) and all(people.SLUG_PATTERN.match(s) for s in slugs)
    assert len(everyone) >= 30


@pytest.mark.parametrize("name", ["../../etc/passwd", "<img src=x onerror=alert(1)>", "张伟\u200b", "🙂🙂", "a" * 200,
                                  "张 伟 / 李 娜"])
def test_hostile_names_still_give_safe_unique_slugs(name: str) -> None:
    slugs = people.make_slugs([name, "张伟", "person"])
    assert len(set(slugs.values())) == 3
    assert all(people.SLUG_PATTERN.match(slug) for slug in slugs.values())
