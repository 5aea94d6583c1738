"""issue-response: an open coordination issue without decision after more than 1 working day."""

from __future__ import annotations

from rulekit import CheckRule


def issues(raised: str, status: str = "open", decision: str = "") -> dict[str, str]:
    return {"coordination.yaml": f"issues:\n  - id: C1\n    title: 样机分配\n    departments: [市场部, 研发部]\n"
                                 f"    raised: {raised}\n    status: {status}\n{decision}"}


def test_raised_yesterday_is_within_the_day(check_rule: CheckRule) -> None:
    assert check_rule("issue-response", issues("2026-11-17")) == []


def test_raised_two_working_days_ago_fires(check_rule: CheckRule) -> None:
    found = check_rule("issue-response", issues("2026-11-16"))
    assert [(f.item, f.line, f.column) for f in found] == [("C1", 2, 5)]
    assert "C1 \"样机分配\" (市场部, 研发部) was raised on 2026-11-16, 2 working days ago" in found[0].message


def test_a_holiday_between_raised_and_today(check_rule: CheckRule) -> None:
    assert check_rule("issue-response", issues("2026-09-30"), today="2026-10-08") == []


def test_a_decision_or_resolution_satisfies_it(check_rule: CheckRule) -> None:
    decision = "    decision: {date: 2026-11-03, summary: 市场部先用}\n"
    assert check_rule("issue-response", issues("2026-11-02", decision=decision)) == []
    assert check_rule("issue-response", issues("2026-11-02", status="resolved")) == []
