"""How a task's ``owner`` is read, once, when the model is built: the people it names.

``Task.owners`` holds the result beside the raw ``Task.owner``; the owner rules,
workload, calendars, the digest, export and the plan diff all read it. The three
owner rules give each task one verdict from it, in SPEC order: no name →
``ownerless``; several → ``multiple-owners``; one name outside the team →
``unknown-owner``.

Reading an owner:

* missing, empty, an empty list, or a placeholder (TBD, 待定, 无, N/A, ?, 暂无,
  未定, 待分配, -, none …, case-insensitive, surrounding spaces ignored; a value
  made only of punctuation such as ``??`` or ``--`` also counts) → no name;
* a list: placeholders and blanks are dropped, every other entry is read as text;
* text: split on the unambiguous separators ``、 , ， / ／ & ＆ ; ；``. ``和`` is also
  a separator, but it occurs inside Chinese names (和平, 王和), so text is split on
  ``和`` only when the whole text is not a team person and every part is one
  (``张三和李四`` with both in the team → two names; ``王和`` → one name);
* a name written twice counts once.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Collection, Union

Owner = Union[str, tuple[str, ...], None]  # ``owner`` as written: text, a list, or missing

PLACEHOLDERS = frozenset({
    "tbd", "tba", "todo", "n/a", "na", "none", "null", "nil", "unknown", "nobody", "?", "？", "-", "—", "–",
    "待定", "待确认", "待分配", "待指定", "未定", "未指定", "未分配", "无", "暂无", "没有", "空", "未知", "不详",
})

_SEPARATORS = re.compile(r"[、,，/／&＆;；]")
_AND = "和"


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


def written(owner: Owner) -> str:
    """The owner as written, on one line (a list joined with 、), for messages and tables."""
    if owner is None:
        return ""
    return "、".join(str(o) for o in owner) if isinstance(owner, tuple) else str(owner).strip()


def read_owner(owner: Owner, people: Collection[str]) -> tuple[str, ...]:
    """The people ``owner`` names, in the order written; ``people`` (the project team)
    decides where ``和`` separates two names."""
    if owner is None:
        return ()
    if isinstance(owner, str) and owner in people and not _SEPARATORS.search(owner) and not is_placeholder(owner):
        return (owner,)  # most owners are exactly one team person: the reading below would find just that
    if isinstance(owner, tuple):
        return tuple(dict.fromkeys(n for o in owner for n in _names(str(o), people)))
    return _names(str(owner).strip(), people)
