"""unknown-owner, and the rule that at most one owner rule fires per task."""

from __future__ import annotations

import pytest

from rulekit import CheckRule, task, tasks

OWNER_RULES = ("ownerless", "multiple-owners", "unknown-owner")


def test_owner_outside_the_team_fires_with_a_suggestion(check_rule: CheckRule) -> None:
    found = check_rule("unknown-owner", {"tasks.yaml": tasks(task("T1", owner="张玮"))})
    assert [(f.item, f.line, f.column, f.severity.value) for f in found] == [("T1", 5, 5, "error")]
    assert "owner '张玮' is not a person of the project team (did you mean '张伟'?)" in found[0].message


def test_no_suggestion_when_nothing_is_close(check_rule: CheckRule) -> None:
    found = check_rule("unknown-owner", {"tasks.yaml": tasks(task("T1", owner="Somebody Else"))})
    assert "did you mean" not in found[0].message


@pytest.mark.parametrize("owner", ["王芳", "李娜", "张伟", "和平", "[王芳]", '" 张伟 "'])
def test_contacts_and_members_are_known(check_rule: CheckRule, owner: str) -> None:
    assert check_rule("unknown-owner", {"tasks.yaml": tasks(task("T1", owner=owner))}) == []


def test_done_tasks_are_checked_too(check_rule: CheckRule) -> None:
    done = task("T1", owner="王和", status="done", progress=100, completed="2026-11-10")
    assert [f.item for f in check_rule("unknown-owner", {"tasks.yaml": tasks(done)})] == ["T1"]


@pytest.mark.parametrize(("owner", "status", "expected"), [
    ("待定", "in_progress", "ownerless"),
    ("待定", "done", None),              # exempt from ownerless, and not "unknown" either
    ("张伟、王五", "in_progress", "multiple-owners"),  # several beats unknown
    ("[TBD, 王五]", "in_progress", "unknown-owner"),
    ("王五", "in_progress", "unknown-owner"),
    ("张伟", "in_progress", None),
])
def test_at_most_one_owner_rule_per_task(check_rule: CheckRule, owner: str, status: str, expected: str | None) -> None:
    data = {"tasks.yaml": tasks(task("T1", owner=owner, status=status, progress=100 if status == "done" else 50,
                                     completed="2026-11-10" if status == "done" else None))}
    fired = [rule for rule in OWNER_RULES if check_rule(rule, data)]
    assert fired == ([expected] if expected else [])
