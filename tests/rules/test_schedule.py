"""schedule: starts before a dependency is due; due after the project's due."""

from __future__ import annotations

import pytest

from rulekit import CheckRule, task, tasks

T1 = task("T1", start="2026-11-02", due="2026-11-20")


def test_starting_before_a_dependency_is_due_fires_at_start(check_rule: CheckRule) -> None:
    found = check_rule("schedule", {"tasks.yaml": tasks(T1, task("T2", start="2026-11-16", depends_on="[T1]"))})
    assert [(f.item, f.line, f.column, f.severity.value) for f in found] == [("T2", 14, 5, "warning")]
    assert "starts on 2026-11-16, 4 days before its dependency T1 \"任务T1\" is due (2026-11-20)" in found[0].message


def test_starting_the_day_the_dependency_is_due_is_fine(check_rule: CheckRule) -> None:
    assert check_rule("schedule", {"tasks.yaml": tasks(T1, task("T2", start="2026-11-20", depends_on="[T1]"))}) == []


@pytest.mark.parametrize("dependency", [
    task("T1", start="2026-11-02", due="2026-11-20", status="done", progress=100, completed="2026-11-10"),
    task("T1", start="2026-11-02", due="2026-11-20", status="cancelled"),
])
def test_a_finished_dependency_does_not_hold_back(check_rule: CheckRule, dependency: str) -> None:
    assert check_rule("schedule", {"tasks.yaml": tasks(dependency, task("T2", start="2026-11-16", depends_on="[T1]"))}) == []


def test_closed_tasks_are_history(check_rule: CheckRule) -> None:
    done = task("T2", start="2026-11-16", depends_on="[T1]", status="done", progress=100, completed="2026-11-17")
    assert check_rule("schedule", {"tasks.yaml": tasks(T1, done)}) == []


def test_due_after_the_project_due_fires_at_due(check_rule: CheckRule) -> None:
    found = check_rule("schedule", {"tasks.yaml": tasks(task("T1", due="2027-01-05"), task("T2", due="2026-12-31"))})
    assert [(f.item, f.line, f.column) for f in found] == [("T1", 7, 5)]
    assert "is due 2027-01-05, 5 days after the project's due date 2026-12-31" in found[0].message
