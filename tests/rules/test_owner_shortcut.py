"""Reading an owner: the shortcut for one team person gives the same names as the full reading."""

from __future__ import annotations

import pytest

from collabkb.check.owners import read_owner

TEAM = frozenset({"张伟", "李娜", "和平"})


@pytest.mark.parametrize(("owner", "people", "expected"), [
    ("张伟", TEAM, ("张伟",)),
    (" 张伟 ", TEAM, ("张伟",)),  # not a team entry as written: the full reading strips it
    ("和平", TEAM, ("和平",)),
    # Team entries that are no single name must not take the shortcut:
    ("无", TEAM | {"无"}, ()),  # a placeholder, even when someone wrote it into the team
    ("??", TEAM | {"??"}, ()),  # nothing but punctuation
    ("张伟/李娜", TEAM | {"张伟/李娜"}, ("张伟", "李娜")),
    ("王芳", TEAM, ("王芳",)),  # an unknown name is still a name (unknown-owner reports it)
])
def test_reading(owner: str, people: frozenset[str], expected: tuple[str, ...]) -> None:
    assert read_owner(owner, people) == expected
