"""ownerless: missing, empty or placeholder owners on open tasks."""

from __future__ import annotations

import pytest

from rulekit import CheckRule, task, tasks


@pytest.mark.parametrize("owner", ["TBD", "tbd", "待定", "无", "N/A", '"?"', '"？"', "暂无", "未定", '"-"', "none",
                                   "None", '"??"', '" 待定 "', '""', "[]", "[待定]"])
def test_placeholder_or_empty_owner_fires(check_rule: CheckRule, owner: str) -> None:
    found = check_rule("ownerless", {"tasks.yaml": tasks(task("T1", owner=owner))})
    assert [(f.item, f.line, f.column, f.severity.value) for f in found] == [("T1", 5, 5, "error")]
    assert "T1" in found[0].message and "no owner" in found[0].message


def test_missing_owner_fires_at_the_task(check_rule: CheckRule) -> None:
    found = check_rule("ownerless", {"tasks.yaml": tasks(task("T1"), task("T2", owner=None))})
    # No owner key: the finding points at the task's own mapping (the line of "- id: T2").
    assert [(f.item, f.line, f.column) for f in found] == [("T2", 10, 5)]
    assert "has no owner: name the one person" in found[0].message


@pytest.mark.parametrize("status", ["done", "cancelled"])
def test_closed_tasks_are_exempt(check_rule: CheckRule, status: str) -> None:
    closed = task("T1", owner="待定", status=status, progress=100, completed="2026-11-10")
    assert check_rule("ownerless", {"tasks.yaml": tasks(closed)}) == []


@pytest.mark.parametrize("status", ["not_started", "in_progress", "blocked"])
def test_every_open_status_fires(check_rule: CheckRule, status: str) -> None:
    assert len(check_rule("ownerless", {"tasks.yaml": tasks(task("T1", owner="TBD", status=status))})) == 1


@pytest.mark.parametrize("owner", ["张伟", "和平", "无名氏"])
def test_a_name_is_not_a_placeholder(check_rule: CheckRule, owner: str) -> None:
    # "无名氏" starts with the placeholder 无 but is a name (unknown-owner's business, not ours).
    assert check_rule("ownerless", {"tasks.yaml": tasks(task("T1", owner=owner))}) == []


def test_message_in_chinese_names_the_placeholder(check_rule: CheckRule) -> None:
    found = check_rule("ownerless", {"tasks.yaml": tasks(task("T1", owner="待定"))}, language="zh")
    assert found[0].message.startswith("任务 T1「任务T1」的责任人是占位词 '待定'")
