"""lagging: linear expected progress; > threshold points; levels; overdue supersedes."""

from __future__ import annotations

import pytest

from rulekit import CheckRule, task, tasks

# start 11-01, due 11-21: 20 days, 5 points a day; on 11-11 expected progress is exactly 50.
SPAN = {"start": "2026-11-01", "due": "2026-11-21"}
DAY = "2026-11-11"


def lagging(check_rule: CheckRule, progress: int, today: str = DAY, **fields: object) -> list:
    return check_rule("lagging", {"tasks.yaml": tasks(task("T1", progress=progress, **{**SPAN, **fields}))}, today=today)


def test_exactly_ten_points_does_not_fire(check_rule: CheckRule) -> None:
    assert lagging(check_rule, 40) == []


@pytest.mark.parametrize(("progress", "level"), [
    (39, "low"), (30, "low"), (29, "medium"), (20, "medium"), (19, "high"), (0, "high"),
])
def test_levels(check_rule: CheckRule, progress: int, level: str) -> None:
    found = lagging(check_rule, progress)
    assert [(f.item, f.line, f.column) for f in found] == [("T1", 9, 5)]  # at progress
    assert f"is {50 - progress} points behind schedule ({level} lag): {progress}% done, 50% expected" in found[0].message


def test_fractional_expectation_is_exact(check_rule: CheckRule) -> None:
    # 3-day span, one day in: 33.3…% expected; 23 % is 10.3 points behind and fires.
    found = lagging(check_rule, 23, today="2026-11-02", start="2026-11-01", due="2026-11-04")
    assert "10.3 points behind" in found[0].message and "33.3% expected" in found[0].message
    assert lagging(check_rule, 24, today="2026-11-02", start="2026-11-01", due="2026-11-04") == []


def test_overdue_supersedes_lagging(check_rule: CheckRule) -> None:
    assert lagging(check_rule, 0, today="2026-11-22") == []


def test_due_today_expects_everything(check_rule: CheckRule) -> None:
    found = lagging(check_rule, 60, today="2026-11-21")
    assert "40 points behind schedule (high lag): 60% done, 100% expected" in found[0].message


def test_before_start_nothing_is_expected(check_rule: CheckRule) -> None:
    assert lagging(check_rule, 0, today="2026-10-30") == []


@pytest.mark.parametrize("status", ["not_started", "blocked", "done", "cancelled"])
def test_only_in_progress_tasks_are_measured(check_rule: CheckRule, status: str) -> None:
    extra = {"completed": "2026-11-10"} if status == "done" else {}
    assert lagging(check_rule, 0, status=status, **extra) == []


def test_threshold_is_configurable(check_rule: CheckRule) -> None:
    data = {"tasks.yaml": tasks(task("T1", progress=29, **SPAN), task("T2", progress=24, **SPAN))}
    found = check_rule("lagging", data, today=DAY, config="rules:\n  lagging: {severity: error, threshold: 25}\n")
    assert [(f.item, f.severity.value) for f in found] == [("T2", "error")]
    assert "(medium lag)" in found[0].message


def test_chinese_message(check_rule: CheckRule) -> None:
    found = check_rule("lagging", {"tasks.yaml": tasks(task("T1", progress=25, **SPAN))}, today=DAY, language="zh")
    assert found[0].message.startswith("任务 T1「任务T1」进度落后 25 个百分点（风险等级：中）：当前 25%，")
