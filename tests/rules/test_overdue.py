"""overdue: calendar and working days late; due today is not overdue."""

from __future__ import annotations

import pytest

from rulekit import CheckRule, task, tasks


def test_due_yesterday_is_one_day_overdue(check_rule: CheckRule) -> None:
    found = check_rule("overdue", {"tasks.yaml": tasks(task("T1", start="2026-11-02", due="2026-11-17"))})
    assert [(f.item, f.line, f.column, f.severity.value) for f in found] == [("T1", 7, 5, "warning")]
    assert "1 day overdue (1 working day)" in found[0].message


def test_due_today_is_not_overdue(check_rule: CheckRule) -> None:
    assert check_rule("overdue", {"tasks.yaml": tasks(task("T1", due="2026-11-18"))}) == []


@pytest.mark.parametrize("status", ["done", "cancelled"])
def test_closed_tasks_are_never_overdue(check_rule: CheckRule, status: str) -> None:
    closed = task("T1", due="2026-11-10", status=status, progress=100, completed="2026-11-12")
    assert check_rule("overdue", {"tasks.yaml": tasks(closed)}) == []


def test_working_days_skip_the_national_day_holiday(check_rule: CheckRule) -> None:
    # Due 10-01; on 10-09 that is 8 calendar days but only 10-08 and 10-09 were working days.
    late = task("T1", start="2026-09-01", due="2026-10-01")
    found = check_rule("overdue", {"tasks.yaml": tasks(late)}, today="2026-10-09")
    assert "8 days overdue (2 working days)" in found[0].message


@pytest.mark.parametrize("off", ["off", "'off'", "{severity: off}"])
def test_can_be_turned_off(check_rule: CheckRule, off: str) -> None:
    late = tasks(task("T1", due="2026-11-10"))
    assert check_rule("overdue", {"tasks.yaml": late}, config=f"rules:\n  overdue: {off}\n") == []
