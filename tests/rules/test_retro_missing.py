"""retro-missing: done (or past due with every task closed) > 5 working days ago, no retro."""

from __future__ import annotations

from rulekit import PROJECT, CheckRule, task, tasks

RETRO = "retro:\n  date: 2026-11-12\n  outcome: achieved\n"
ALL_DONE = tasks(task("T1", start="2026-09-01", due="2026-10-30", status="done", progress=100, completed="2026-10-29"))


def done(completed: str) -> str:
    return PROJECT.replace("status: active", f"status: done\ncompleted: {completed}")


def test_done_six_working_days_ago_fires_at_status(check_rule: CheckRule) -> None:
    # Tue 11-10 → Wed 11-18: 11, 12, 13, 16, 17, 18 = 6 working days.
    found = check_rule("retro-missing", {}, project=done("2026-11-10"))
    assert [(f.file, f.line, f.column, f.item, f.severity.value) for f in found] == [
        ("projects/demo/project.yaml", 2, 1, None, "warning")]
    assert "was done on 2026-11-10, 6 working days ago, and has no retrospective" in found[0].message


def test_five_working_days_is_still_in_time(check_rule: CheckRule) -> None:
    assert check_rule("retro-missing", {}, project=done("2026-11-11")) == []


def test_holidays_extend_the_window(check_rule: CheckRule) -> None:
    # Done 09-29; on 10-09 only 09-30, 10-08 and 10-09 were working days.
    assert check_rule("retro-missing", {}, project=done("2026-09-29"), today="2026-10-09") == []


def test_a_retro_satisfies_it(check_rule: CheckRule) -> None:
    assert check_rule("retro-missing", {"retro.yaml": RETRO}, project=done("2026-11-02")) == []


def test_past_due_with_every_task_done_fires_at_due(check_rule: CheckRule) -> None:
    past_due = PROJECT.replace("due: 2026-12-31", "due: 2026-11-05")
    found = check_rule("retro-missing", {"tasks.yaml": ALL_DONE}, project=past_due)
    assert [(f.line, f.column) for f in found] == [(6, 1)]
    assert "ended on 2026-11-05 with every task closed, 9 working days ago" in found[0].message


def test_past_due_with_open_work_is_not_finished(check_rule: CheckRule) -> None:
    past_due = PROJECT.replace("due: 2026-12-31", "due: 2026-11-05")
    open_work = ALL_DONE + task("T2", start="2026-09-01", due="2026-11-05")
    assert check_rule("retro-missing", {"tasks.yaml": open_work}, project=past_due) == []


def test_cancelled_projects_need_no_retro(check_rule: CheckRule) -> None:
    cancelled = PROJECT.replace("status: active", "status: cancelled").replace("due: 2026-12-31", "due: 2026-10-01")
    assert check_rule("retro-missing", {"tasks.yaml": ALL_DONE}, project=cancelled) == []
