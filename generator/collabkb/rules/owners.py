"""How the three owner rules read a task's ``owner``: none, several, unknown or one person.

One reading, shared by ``ownerless``, ``multiple-owners`` and ``unknown-owner``,
gives each task exactly one verdict, so at most one of the three rules fires
per task, in SPEC order (ownerless → multiple-owners → unknown-owner).

Reading an owner:

* missing, empty, an empty list, or a placeholder (TBD, 待定, 无, N/A, ?, 暂无,
  未定, 待分配, -, none …, case-insensitive, surrounding spaces ignored; a value
  made only of punctuation such as ``??`` or ``--`` also counts) → *none*;
* a list: placeholders and blanks are dropped; two or more names → *several*,
  one name → that name;
* text: split on the unambiguous separators ``、 , ， / ／ & ＆ ; ；``; two or more
  non-empty parts → *several*. ``和`` is also a separator, but it occurs inside
  Chinese names (和平, 王和), so text is split on ``和`` only when the whole text
  is not a team person and every part is one (``张三和李四`` with both in the
  team → several; ``王和`` → one name, checked as such);
* one name that is not a ``contact`` or ``members`` entry of the project team →
  *unknown*; otherwise *ok*.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from enum import Enum
from typing import Collection

from ..check.model import Owner

PLACEHOLDERS = frozenset({
    "tbd", "tba", "todo", "n/a", "na", "none", "null", "nil", "unknown", "nobody", "?", "？", "-", "—", "–",
    "待定", "待确认", "待分配", "待指定", "未定", "未指定", "未分配", "无", "暂无", "没有", "空", "未知", "不详",
})

_SEPARATORS = re.compile(r"[、,，/／&＆;；]")
_AND = "和"


class Verdict(Enum):
    NONE = "none"
    SEVERAL = "several"
    UNKNOWN = "unknown"
    OK = "ok"


@dataclass(frozen=True, slots=True)
class Reading:
    verdict: Verdict
    names: tuple[str, ...]  # the names read (empty for NONE)
    written: str  # the owner as written, for messages


def is_placeholder(text: str) -> bool:
    value = text.strip().casefold()
    if not value:
        return True
    if value in PLACEHOLDERS:
        return True
    # "??", "--", "…": nothing but punctuation is no name either.
    return all(unicodedata.category(ch).startswith(("P", "S")) or ch.isspace() for ch in value)


def _split_and(text: str, people: Collection[str]) -> tuple[str, ...] | None:
    """``text`` as two or more team people joined by 和, else None.

    Every 和 is tried as the cut, so "张伟和和平" is 张伟 + 和平 even though the
    second name starts with 和.
    """
    for at in (i for i, ch in enumerate(text) if ch == _AND):
        head, tail = text[:at].strip(), text[at + 1:].strip()
        if head not in people:
            continue
        if tail in people:
            return (head, tail)
        rest = _split_and(tail, people)
        if rest:
            return (head, *rest)
    return None


def _names(text: str, people: Collection[str]) -> tuple[str, ...]:
    if is_placeholder(text):  # before splitting: "N/A" is one placeholder, not N and A
        return ()
    parts = [p.strip() for p in _SEPARATORS.split(text)]
    names: list[str] = []
    for part in parts:
        if not part or is_placeholder(part):
            continue
        pieces = None if part in people else _split_and(part, people)
        names.extend(pieces or (part,))
    return tuple(dict.fromkeys(names))  # "张伟、张伟" is one person written twice


def read_owner(owner: Owner, people: Collection[str]) -> Reading:
    """The verdict on one task's ``owner`` against the project's people."""
    if owner is None:
        return Reading(Verdict.NONE, (), "")
    if isinstance(owner, str) and owner in people and not _SEPARATORS.search(owner) and not is_placeholder(owner):
        # Most owners are exactly one team person: the reading below would find just that.
        return Reading(Verdict.OK, (owner,), owner)
    if isinstance(owner, tuple):
        written = "、".join(str(o) for o in owner)
        names = tuple(dict.fromkeys(n for o in owner for n in _names(str(o), people)))
    else:
        written = str(owner).strip()
        names = _names(written, people)
    if not names:
        return Reading(Verdict.NONE, (), written)
    if len(names) > 1:
        return Reading(Verdict.SEVERAL, names, written)
    if names[0] not in people:
        return Reading(Verdict.UNKNOWN, names, written)
    return Reading(Verdict.OK, names, written)
