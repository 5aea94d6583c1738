"""consistency: done without completed or below 100 %, completed in the future, due before start."""

from __future__ import annotations

from rulekit import PROJECT, CheckRule, task, tasks


def messages(found: list) -> list[tuple[str | None, int, int, str]]:
    return [(f.item, f.line, f.column, f.message.split(":")[0]) for f in found]


def test_a_consistent_done_task_passes(check_rule: CheckRule) -> None:
    ok = task("T1", status="done", progress=100, completed="2026-11-10")
    assert check_rule("consistency", {"tasks.yaml": tasks(ok)}) == []


def test_done_without_completed_fires_at_the_task(check_rule: CheckRule) -> None:
    found = check_rule("consistency", {"tasks.yaml": tasks(task("T1", status="done", progress=100))})
    assert messages(found) == [("T1", 2, 5, "task T1 \"任务T1\" is done but has no completed date")]
    assert found[0].severity.value == "error"


def test_done_below_100_fires_at_progress(check_rule: CheckRule) -> None:
    found = check_rule("consistency", {"tasks.yaml": tasks(task("T1", status="done", progress=80, completed="2026-11-10"))})
    assert messages(found) == [("T1", 9, 5, "task T1 \"任务T1\" is done at progress 80%")]


def test_completed_in_the_future_fires_at_completed(check_rule: CheckRule) -> None:
    found = check_rule("consistency", {"tasks.yaml": tasks(task("T1", status="done", progress=100, completed="2026-11-20"))})
    assert [(f.line, f.column) for f in found] == [(10, 5)]
    assert "has completed 2026-11-20, 2 days in the future" in found[0].message


def test_due_before_start_fires_at_due(check_rule: CheckRule) -> None:
    found = check_rule("consistency", {"tasks.yaml": tasks(task("T1", start="2026-11-10", due="2026-11-05"))})
    assert messages(found) == [("T1", 7, 5, "task T1 \"任务T1\" is due 2026-11-05, before its start 2026-11-10")]


def test_project_done_without_completed_fires_at_status(check_rule: CheckRule) -> None:
    found = check_rule("consistency", {}, project=PROJECT.replace("status: active", "status: done"))
    assert [(f.file, f.line, f.column, f.item) for f in found] == [("projects/demo/project.yaml", 2, 1, None)]
    assert "is done but has no completed date" in found[0].message


def test_project_dates(check_rule: CheckRule) -> None:
    project = (PROJECT.replace("status: active", "status: done\ncompleted: 2026-11-25")
               .replace("start: 2026-09-01", "start: 2027-01-10"))
    found = check_rule("consistency", {}, project=project)
    assert [(f.line, f.message.split(",")[0]) for f in found] == [
        (3, "project \"演示项目\" has completed 2026-11-25"),
        (7, "project \"演示项目\" is due 2026-12-31"),
    ]
