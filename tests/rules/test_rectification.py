"""rectification: a failed deliverable without rectification, or with one past due."""

from __future__ import annotations

import pytest

from rulekit import CheckRule


def acceptance(result: str, rectification: str = "") -> dict[str, str]:
    return {"acceptance.yaml": f"deliverables:\n  - id: D1\n    name: 演示视频\n    result: {result}\n{rectification}"}


def rect(due: str) -> str:
    return f"    rectification:\n      actions: [重新剪辑]\n      owner: 李娜\n      due: {due}\n"


def test_fail_without_rectification_fires_at_the_deliverable(check_rule: CheckRule) -> None:
    found = check_rule("rectification", acceptance("fail"))
    assert [(f.item, f.line, f.column, f.severity.value) for f in found] == [("D1", 2, 5, "warning")]
    assert "failed acceptance but has no rectification" in found[0].message


def test_rectification_past_due_fires_at_its_due(check_rule: CheckRule) -> None:
    found = check_rule("rectification", acceptance("fail", rect("2026-11-16")))
    assert [(f.line, f.column) for f in found] == [(8, 7)]
    assert "(owner 李娜) was due 2026-11-16: 2 days overdue" in found[0].message


def test_rectification_due_today_is_fine(check_rule: CheckRule) -> None:
    assert check_rule("rectification", acceptance("fail", rect("2026-11-18"))) == []


@pytest.mark.parametrize("result", ["pass", "pending"])
def test_only_failed_deliverables(check_rule: CheckRule, result: str) -> None:
    assert check_rule("rectification", acceptance(result, rect("2026-11-01"))) == []
