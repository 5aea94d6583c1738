"""risk-response: a high open risk without response after more than 1 working day."""

from __future__ import annotations

import pytest

from rulekit import CheckRule


def risks(raised: str, level: str = "high", status: str = "open", response: str = "") -> dict[str, str]:
    return {"risks.yaml": f"risks:\n  - id: R1\n    title: 供应商延期\n    level: {level}\n    status: {status}\n"
                          f"    raised: {raised}\n{response}"}


def test_raised_yesterday_is_within_the_day(check_rule: CheckRule) -> None:
    assert check_rule("risk-response", risks("2026-11-17")) == []


def test_raised_two_working_days_ago_fires_at_the_risk(check_rule: CheckRule) -> None:
    found = check_rule("risk-response", risks("2026-11-16"))
    assert [(f.item, f.line, f.column, f.severity.value) for f in found] == [("R1", 2, 5, "warning")]
    assert "raised on 2026-11-16, 2 working days ago, and has no response plan" in found[0].message


def test_a_weekend_does_not_count(check_rule: CheckRule) -> None:
    # Raised Friday 11-13: Monday is the first working day after it; Tuesday fires.
    assert check_rule("risk-response", risks("2026-11-13"), today="2026-11-16") == []
    assert len(check_rule("risk-response", risks("2026-11-13"), today="2026-11-17")) == 1


def test_a_holiday_does_not_count(check_rule: CheckRule) -> None:
    # Raised 09-30; 10-01…10-07 are off, so 10-08 is still within the day.
    assert check_rule("risk-response", risks("2026-09-30"), today="2026-10-08") == []
    assert len(check_rule("risk-response", risks("2026-09-30"), today="2026-10-09")) == 1


@pytest.mark.parametrize(("level", "status"), [("medium", "open"), ("low", "open"), ("high", "closed")])
def test_only_open_high_risks(check_rule: CheckRule, level: str, status: str) -> None:
    assert check_rule("risk-response", risks("2026-11-02", level, status)) == []


def test_mitigating_counts_as_open(check_rule: CheckRule) -> None:
    assert len(check_rule("risk-response", risks("2026-11-02", status="mitigating"))) == 1


def test_a_response_plan_satisfies_it(check_rule: CheckRule) -> None:
    response = "    response:\n      created: 2026-11-03\n      measures: [增加一名工程师]\n      owner: 张伟\n      due: 2026-11-20\n"
    assert check_rule("risk-response", risks("2026-11-02", response=response)) == []
