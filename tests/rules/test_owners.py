"""Reading an owner: the shortcut for one team person gives the same verdict as the full reading."""

from __future__ import annotations

import pytest

from collabkb.rules.owners import Reading, Verdict, read_owner

TEAM = frozenset({"张伟", "李娜", "和平"})


@pytest.mark.parametrize(("owner", "people", "expected"), [
    ("张伟", TEAM, Reading(Verdict.OK, ("张伟",), "张伟")),
    (" 张伟 ", TEAM, Reading(Verdict.OK, ("张伟",), "张伟")),  # not a team entry as written: the full reading strips it
    ("和平", TEAM, Reading(Verdict.OK, ("和平",), "和平")),
    # Team entries that are no single name must not take the shortcut:
    ("无", TEAM | {"无"}, Reading(Verdict.NONE, (), "无")),  # a placeholder, even when someone wrote it into the team
    ("??", TEAM | {"??"}, Reading(Verdict.NONE, (), "??")),  # nothing but punctuation
    ("张伟/李娜", TEAM | {"张伟/李娜"}, Reading(Verdict.SEVERAL, ("张伟", "李娜"), "张伟/李娜")),
    ("王芳", TEAM, Reading(Verdict.UNKNOWN, ("王芳",), "王芳")),
])
def test_reading(owner: str, people: frozenset[str], expected: Reading) -> None:
    assert read_owner(owner, people) == expected
