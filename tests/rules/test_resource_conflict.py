"""resource-conflict: the same item, not rejected, overlapping, for another department or project."""

from __future__ import annotations

import pytest

from rulekit import PROJECT, CheckRule


def resource(id: str, department: str, start: str, end: str, item: str = "设计师资源", status: str = "approved") -> str:
    return (f"  - id: {id}\n    department: {department}\n    type: people\n    item: {item}\n    status: {status}\n"
            f"    period: {{start: {start}, end: {end}}}\n")


def coordination(*items: str) -> str:
    return "resources:\n" + "".join(items)


def test_two_departments_in_one_project_both_fire(check_rule: CheckRule) -> None:
    data = {"coordination.yaml": coordination(resource("RS1", "市场部", "2026-11-01", "2026-11-20"),
                                              resource("RS2", "研发部", "2026-11-15", "2026-11-30", status="requested"))}
    found = check_rule("resource-conflict", data)
    assert [(f.item, f.line, f.column, f.severity.value) for f in found] == [
        ("RS1", 7, 5, "warning"), ("RS2", 13, 5, "warning")]  # at period
    assert "RS2 of \"演示项目\" (研发部, 2026-11-15 → 2026-11-30; overlap 2026-11-15 → 2026-11-20)" in found[0].message
    assert "RS1 of \"演示项目\" (市场部, 2026-11-01 → 2026-11-20; overlap 2026-11-15 → 2026-11-20)" in found[1].message


def test_across_projects_for_the_same_department(check_rule: CheckRule) -> None:
    other = PROJECT.replace("name: 演示项目", "name: 另一个项目")
    data = {"coordination.yaml": coordination(resource("RS1", "市场部", "2026-11-01", "2026-11-20")),
            "projects/other/project.yaml": other,
            "projects/other/coordination.yaml": coordination(resource("R9", "市场部", "2026-11-20", "2026-12-05",
                                                                      item="'设计师资源 '"))}
    found = check_rule("resource-conflict", data)
    assert [(f.project, f.item) for f in found] == [("demo", "RS1"), ("other", "R9")]
    assert "R9 of \"另一个项目\"" in found[0].message and "overlap 2026-11-20 → 2026-11-20" in found[0].message


@pytest.mark.parametrize("second", [
    resource("RS2", "研发部", "2026-11-21", "2026-11-30"),                      # periods do not overlap
    resource("RS2", "研发部", "2026-11-15", "2026-11-30", status="rejected"),  # rejected
    resource("RS2", "研发部", "2026-11-15", "2026-11-30", item="会议室"),       # another item
    resource("RS2", "市场部", "2026-11-15", "2026-11-30"),                      # same department, same project
])
def test_no_conflict(check_rule: CheckRule, second: str) -> None:
    data = {"coordination.yaml": coordination(resource("RS1", "市场部", "2026-11-01", "2026-11-20"), second)}
    assert check_rule("resource-conflict", data) == []
