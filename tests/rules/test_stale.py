"""stale: newest update (else start) more than N working days ago; holidays and 调休."""

from __future__ import annotations

from rulekit import CheckRule, task, tasks


def with_update(date: str, **fields: object) -> str:
    return tasks(task("T1", **fields) + f"    updates:\n      - {{date: {date}, progress: 50, note: 进展}}\n")


def test_three_working_days_is_not_stale(check_rule: CheckRule) -> None:
    # Fri 11-13 → Wed 11-18: Mon, Tue, Wed.
    assert check_rule("stale", {"tasks.yaml": with_update("2026-11-13")}) == []


def test_four_working_days_is_stale(check_rule: CheckRule) -> None:
    found = check_rule("stale", {"tasks.yaml": with_update("2026-11-12")})
    assert [(f.item, f.line, f.column, f.severity.value) for f in found] == [("T1", 10, 5, "warning")]  # at updates
    assert "last updated on 2026-11-12, 4 working days ago (more than 3)" in found[0].message


def test_without_updates_the_start_counts(check_rule: CheckRule) -> None:
    found = check_rule("stale", {"tasks.yaml": tasks(task("T1", start="2026-11-12"))})
    assert [(f.line, f.column) for f in found] == [(6, 5)]  # at start
    assert "no update since it started on 2026-11-12, 4 working days ago" in found[0].message


def test_the_national_day_holiday_is_not_counted(check_rule: CheckRule) -> None:
    # 09-30 → 10-09 is 9 calendar days, but 10-01…10-07 are off: 2 working days.
    assert check_rule("stale", {"tasks.yaml": with_update("2026-09-30", start="2026-09-01")}, today="2026-10-09") == []


def test_the_make_up_workday_is_counted(check_rule: CheckRule) -> None:
    # Thu 10-08 → Tue 10-13: Fri 10-09, Sat 10-10 (调休, a working day), Mon, Tue = 4.
    found = check_rule("stale", {"tasks.yaml": with_update("2026-10-08", start="2026-09-01")}, today="2026-10-13")
    assert "4 working days ago" in found[0].message


def test_configured_holiday_and_days(check_rule: CheckRule) -> None:
    data = {"tasks.yaml": with_update("2026-11-12")}
    assert check_rule("stale", data, config="holidays: [2026-11-17]\n") == []
    assert check_rule("stale", data, config="rules:\n  stale: {days: 4}\n") == []


def test_only_in_progress_tasks(check_rule: CheckRule) -> None:
    assert check_rule("stale", {"tasks.yaml": with_update("2026-11-02", status="blocked")}) == []
