"""action-overdue: an open retro action past its due date."""

from __future__ import annotations

from rulekit import CheckRule


def retro(due: str, status: str = "open") -> dict[str, str]:
    return {"retro.yaml": f"retro:\n  date: 2026-10-20\n  outcome: achieved\n  actions:\n    - id: A1\n"
                          f"      action: 建立周报模板\n      owner: 王芳\n      due: {due}\n      status: {status}\n"}


def test_open_action_past_due_fires_at_due(check_rule: CheckRule) -> None:
    found = check_rule("action-overdue", retro("2026-11-13"))
    assert [(f.item, f.line, f.column, f.severity.value) for f in found] == [("A1", 8, 7, "warning")]
    assert "A1 \"建立周报模板\" (owner 王芳) was due 2026-11-13: 5 days overdue" in found[0].message


def test_due_today_is_not_overdue(check_rule: CheckRule) -> None:
    assert check_rule("action-overdue", retro("2026-11-18")) == []


def test_done_actions_are_fine(check_rule: CheckRule) -> None:
    assert check_rule("action-overdue", retro("2026-11-01", status="done")) == []
