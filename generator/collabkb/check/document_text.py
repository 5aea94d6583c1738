"""What the Markdown of a project document says, read line by line (no rendering).

A document is Markdown with optional front matter between two ``---`` lines at
the top. Besides splitting the two, this module finds what the rest of CollabKB
needs in the text: the first heading (a title when the front matter has none),
action items (``- [ ] OWNER YYYY-MM-DD text``), the list of a report's
``## 经验教训`` / ``## Lessons`` section, and every link and image target with
its line and column. Lines inside fenced code blocks are text, never any of these.
Positions are 1-based file lines and character columns, as an editor shows them.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass
from typing import Iterator
from urllib.parse import unquote

_FENCE_LINE = re.compile(r"^(---|\.\.\.)[ \t]*$")
_CODE_FENCE = re.compile(r"^\s{0,3}(```|~~~)")
_HEADING = re.compile(r"^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$")
# ``- [ ] 王工 2026-09-05 补充渠道清单``: a task-list item naming an owner and a date.
_ACTION = re.compile(r"^(?P<lead>\s*[-*+]\s+)\[(?P<mark>[ xX])\]\s+(?P<owner>@?[^\s\[\]()]+)\s+"
                     r"(?P<date>\d{4}-\d{1,2}-\d{1,2})(?=\s|$)\s*(?P<text>.*?)\s*$")
_TASK_BOX = re.compile(r"^(\s*[-*+]\s+)\[([ xX])\](?=\s)")
_LESSONS_HEADING = re.compile(r"^(经验教训|经验与教训|经验和教训|lessons(\s+learned)?)[:：]?$", re.IGNORECASE)
_LIST_ITEM = re.compile(r"^\s{0,3}(?:[-*+]|\d+[.)])\s+(.*)$")
# Inline links and images ``[text](url "title")`` and reference definitions ``[id]: url``.
_INLINE_LINK = re.compile(r"(?P<image>!?)\[(?:[^\]\\\n]|\\.)*\]\(\s*(?P<url><[^>\n]*>|[^\s)]*)")
_REFERENCE_DEF = re.compile(r"^\s{0,3}\[[^\]\n]+\]:\s*(?P<url><[^>\n]*>|\S+)")
_INLINE_CODE = re.compile(r"`+[^`\n]*`+")
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")


@dataclass(frozen=True, slots=True)
class Split:
    """A document's front matter (``None``: it has none) and the text after it."""

    front: str | None  # the opening ``---`` line and the YAML, without the closing line
    body: str
    body_line: int  # the file line the body starts on
    closing_line: int | None  # the line of the closing ``---``


class Unclosed(Exception):
    """Front matter opened on line 1 and never closed."""


def split_front_matter(text: str) -> Split:
    """Front matter and body; ``Unclosed`` when the opening ``---`` has no closing line."""
    lines = text.split("\n")
    if not _FENCE_LINE.match(lines[0].rstrip("\r")) or lines[0].startswith("..."):
        return Split(None, text, 1, None)
    for index in range(1, len(lines)):
        if _FENCE_LINE.match(lines[index].rstrip("\r")):
            return Split("\n".join(lines[:index]) + "\n", "\n".join(lines[index + 1:]), index + 2, index + 1)
    raise Unclosed


def _with_code(body: str) -> Iterator[tuple[int, str, bool]]:
    """Every line of the body (offset, line as written, whether it belongs to a fenced code block:
    its fences included), so a fence is tracked in one place for reading and for rewriting."""
    fence: str | None = None
    for offset, line in enumerate(body.split("\n")):
        opened = _CODE_FENCE.match(line.rstrip("\r"))
        if fence is not None:
            if opened and opened.group(1) == fence:
                fence = None
            yield offset, line, True
        elif opened:
            fence = opened.group(1)
            yield offset, line, True
        else:
            yield offset, line, False


def _lines(body: str, first_line: int) -> Iterator[tuple[int, str]]:
    """The body's lines with their file line numbers, fenced code blocks left out."""
    for offset, line, code in _with_code(body):
        if not code:
            yield first_line + offset, line.rstrip("\r")


def first_heading(body: str) -> str | None:
    """The text of the first heading of any level, if there is one."""
    for _, line in _lines(body, 1):
        match = _HEADING.match(line)
        if match and match.group(2):
            return match.group(2)
    return None


@dataclass(frozen=True, slots=True)
class ActionLine:
    """An action item as written: the date is text until checked."""

    done: bool
    owner: str
    date: str
    text: str
    line: int
    owner_column: int
    date_column: int


def action_lines(body: str, first_line: int) -> Iterator[ActionLine]:
    for number, line in _lines(body, first_line):
        match = _ACTION.match(line)
        if match is None:
            continue
        owner = match.group("owner")
        owner_column = match.start("owner") + 1
        if owner.startswith("@"):
            owner, owner_column = owner[1:], owner_column + 1
        yield ActionLine(match.group("mark") != " ", owner, match.group("date"), match.group("text"), number,
                         owner_column, match.start("date") + 1)


def checkboxes(body: str) -> str:
    """Task-list boxes as ☐ / ☑ so they read as boxes once rendered (no form elements)."""
    def boxed(line: str) -> str:
        return _TASK_BOX.sub(lambda m: m.group(1) + ("☐" if m.group(2) == " " else "☑"), line)

    return "\n".join(line if code else boxed(line) for _, line, code in _with_code(body))


def lessons(body: str) -> tuple[str, ...]:
    """The items of the ``## 经验教训`` / ``## Lessons`` section: its list items, else its paragraphs."""
    inside = False
    items: list[str] = []
    paragraphs: list[str] = []
    current: list[str] = []
    for _, line in _lines(body, 1):
        heading = _HEADING.match(line)
        if heading:
            if inside and len(heading.group(1)) <= 2:
                break
            inside = inside or (len(heading.group(1)) == 2 and bool(_LESSONS_HEADING.match(heading.group(2).strip())))
            continue
        if not inside:
            continue
        item = _LIST_ITEM.match(line)
        if item:
            items.append(item.group(1).strip())
        elif items and line.startswith((" ", "\t")) and line.strip():
            items[-1] += " " + line.strip()  # a list item's continuation line
        elif line.strip():
            current.append(line.strip())
        elif current:
            paragraphs.append(" ".join(current))
            current = []
    if current:
        paragraphs.append(" ".join(current))
    return tuple(items or paragraphs)


@dataclass(frozen=True, slots=True)
class LinkLine:
    """A link or image target as written in the text."""

    url: str
    image: bool
    line: int
    column: int


def links(body: str, first_line: int) -> Iterator[LinkLine]:
    for number, line in _lines(body, first_line):
        # Inline code is text: blank it out, keeping the columns.
        scanned = _INLINE_CODE.sub(lambda m: " " * len(m.group(0)), line)
        for match in _INLINE_LINK.finditer(scanned):
            yield LinkLine(match.group("url").strip("<>"), bool(match.group("image")), number, match.start("url") + 1)
        definition = _REFERENCE_DEF.match(scanned)
        if definition:
            yield LinkLine(definition.group("url").strip("<>"), False, number, definition.start("url") + 1)


@dataclass(frozen=True, slots=True)
class Target:
    """Where a link in a document points: ``path`` relative to the project folder."""

    path: str | None  # None: not a file of the knowledge base (external, a fragment, empty)
    fragment: str
    outside: bool  # climbs out of the project folder, or an absolute path


def link_target(document_path: str, url: str) -> Target:
    """Resolve ``url`` as written in the document at ``document_path`` (relative to the project folder)."""
    if not url or url.startswith("#") or _SCHEME.match(url) or url.startswith("//"):
        return Target(None, "", False)
    address, _, fragment = url.partition("#")
    address = unquote(address.split("?", 1)[0])
    if address.startswith("/") or "\\" in address:
        return Target(None, fragment, True)
    resolved = posixpath.normpath(posixpath.join(posixpath.dirname(document_path), address))
    if resolved == ".." or resolved.startswith("../"):
        return Target(None, fragment, True)
    return Target(resolved.removesuffix("/"), fragment, False)


def is_external(url: str) -> bool:
    """A URL with a scheme or a host (``https://…``, ``//cdn…``, ``data:…``)."""
    return bool(_SCHEME.match(url)) or url.startswith("//")
