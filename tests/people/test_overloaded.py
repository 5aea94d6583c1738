"""The overloaded rule: more in-progress tasks than max_in_progress, across projects."""

from __future__ import annotations

import datetime as dt

from collabkb.check import pipeline
from collabkb.check.config import load_config

TODAY = dt.date(2026, 11, 18)


def _task(i: int, owner: str, status: str = "in_progress") -> str:
    return (f"  - {{id: T{i}, title: 任务{i}, owner: {owner}, start: 2026-11-01, due: 2026-12-20, "
            f"status: {status}, progress: 40, updates: [{{date: 2026-11-17, progress: 40}}]}}\n")


def _config(limit: int | None) -> str:
    rules = f"      rules:\n        overloaded: {{max_in_progress: {limit}}}\n" if limit is not None else ""
    return "plugins:\n  - collabkb:\n      language: en\n" + rules


def _findings(make_kb, tasks: str, other: str | None = None, limit: int | None = 2):
    root = make_kb({"mkdocs.yml": _config(limit), "projects/demo/tasks.yaml": "tasks:\n" + tasks})
    if other is not None:  # a second project with the same team
        (root / "projects/other").mkdir()
        (root / "projects/other/project.yaml").write_text(
            (root / "projects/demo/project.yaml").read_text("utf-8"), "utf-8")
        (root / "projects/other/tasks.yaml").write_text("tasks:\n" + other, "utf-8")
    result = pipeline.check(load_config(root), TODAY)
    return [f for f in result.findings if f.rule == "overloaded"]


def test_fires_across_projects_at_the_person_team_entry(make_kb) -> None:
    found = _findings(make_kb, _task(1, "张伟") + _task(2, "张伟"), other=_task(7, "张伟"))
    assert len(found) == 1
    finding = found[0]
    assert finding.item == "张伟" and finding.project == "demo" and finding.severity.value == "warning"
    assert finding.file == "projects/demo/project.yaml"
    assert (finding.line, finding.column) == (18, 5)  # `contact: 张伟` in the 研发部 team entry
    assert "3 tasks" in finding.message and "limit 2" in finding.message
    assert "demo/T1" in finding.message and "other/T7" in finding.message


def test_at_the_limit_or_not_in_progress_does_not_fire(make_kb) -> None:
    tasks = _task(1, "李娜") + _task(2, "李娜") + _task(3, "李娜", "not_started") + _task(4, "李娜", "blocked")
    assert _findings(make_kb, tasks) == []


def test_default_limit_is_five(make_kb) -> None:
    five = "".join(_task(i, "李娜") for i in range(1, 6))
    assert _findings(make_kb, five, limit=None) == []
    assert len(_findings(make_kb, five + _task(6, "李娜"), limit=None)) == 1


def test_an_owner_outside_every_team_is_left_to_unknown_owner(make_kb) -> None:
    assert _findings(make_kb, _task(1, "路人") + _task(2, "路人") + _task(3, "路人")) == []
