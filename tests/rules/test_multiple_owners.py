"""multiple-owners: lists and joined names; 和 only between team people."""

from __future__ import annotations

import pytest

from rulekit import CheckRule, task, tasks


@pytest.mark.parametrize("owner", ["[张伟, 李娜]", "张伟、李娜", "张伟,李娜", "张伟，李娜", "张伟/李娜", "张伟 & 李娜",
                                   "张伟；李娜", "张伟和李娜", "[张伟、李娜]"])
def test_several_names_fire(check_rule: CheckRule, owner: str) -> None:
    found = check_rule("multiple-owners", {"tasks.yaml": tasks(task("T1", owner=owner))})
    assert [(f.item, f.line, f.column, f.severity.value) for f in found] == [("T1", 5, 5, "error")]
    assert "names 2 owners (张伟, 李娜)" in found[0].message
    assert "keep one accountable person (e.g. 张伟)" in found[0].message


def test_three_names_are_counted(check_rule: CheckRule) -> None:
    found = check_rule("multiple-owners", {"tasks.yaml": tasks(task("T1", owner="张伟、李娜、王芳"))})
    assert "names 3 owners (张伟, 李娜, 王芳)" in found[0].message


@pytest.mark.parametrize("owner", ["张伟", "[张伟]", "张伟、张伟", "和平", "王和", "张伟、待定", "[张伟, TBD]"])
def test_one_person_does_not_fire(check_rule: CheckRule, owner: str) -> None:
    # 和平 is a team member whose name contains 和; 王和 is not in the team and is not
    # split (unknown-owner reports it); a repeated name or a placeholder beside a name is one owner.
    assert check_rule("multiple-owners", {"tasks.yaml": tasks(task("T1", owner=owner))}) == []


def test_he_splits_only_between_team_people(check_rule: CheckRule) -> None:
    found = check_rule("multiple-owners", {"tasks.yaml": tasks(task("T1", owner="张伟和和平"), task("T2", owner="张三和李四"))})
    assert [f.item for f in found] == ["T1"]


def test_done_tasks_are_checked_too(check_rule: CheckRule) -> None:
    done = task("T1", owner="张伟、李娜", status="done", progress=100, completed="2026-11-10")
    assert [f.item for f in check_rule("multiple-owners", {"tasks.yaml": tasks(done)})] == ["T1"]
