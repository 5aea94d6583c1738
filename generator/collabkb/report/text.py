"""``--format text``: ``path:line:col: severity [rule] message``, the ruff/flake8/yamllint
convention that editors and terminals turn into links; a summary line at the end.

User text reaches a terminal only through ``printable``: an ESC in a title could move the
cursor and erase the error line, a line break would split a finding in two, and a
right-to-left override could reverse what is read; each is shown as ``\\x1b``, ``\\n``…
"""

from __future__ import annotations

import re
from typing import TextIO

from ..check.findings import Finding, Severity
from ..i18n import Messages
from ..check.result import Checked

_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _escaped(match: re.Match[str]) -> str:
    char = match[0]
    return _NAMED.get(char) or (f"\\x{ord(char):02x}" if ord(char) < 0x100 else f"\\u{ord(char):04x}")


def printable(text: str) -> str:
    """``text`` with every control character and bidirectional override escaped."""
    return _UNSAFE.sub(_escaped, text)


_COLORS = {Severity.ERROR: "\033[31m", Severity.WARNING: "\033[33m"}
_RESET = "\033[0m"
_DIM = "\033[2m"
_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|#~])")


def location(f: Finding) -> str:
    """``path:line:col``, the form editors and terminals turn into a link (the path ``printable``)."""
    return f"{printable(f.file)}:{f.line}:{f.column}"


def finding_line(f: Finding) -> str:
    """One finding on one line: ``path:line:col: severity [rule] message`` (terminal-safe)."""
    return f"{location(f)}: {f.severity} [{f.rule}] {printable(f.message)}"


def markdown_text(value: object) -> str:
    """User text shown literally in Markdown (GitHub, chat robots, a terminal with ``--format markdown``):
    one line, no emphasis, links or HTML from a title, and no control character or bidirectional
    override (``printable``: an ESC in a title must not reach a terminal or a CI log)."""
    return _MD_SPECIAL.sub(r"\\\1", printable(" ".join(str(value).split())))


def write(result: Checked, msg: Messages, out: TextIO, *, color: bool = False) -> None:
    for f in result.findings:
        severity = f"{_COLORS[f.severity]}{f.severity}{_RESET}" if color else str(f.severity)
        rule = f"{_DIM}[{f.rule}]{_RESET}" if color else f"[{f.rule}]"
        out.write(f"{location(f)}: {severity} {rule} {printable(f.message)}\n")
    out.write(msg("report.summary", projects=len(result.kb.projects), tasks=result.kb.task_count,
                  errors=result.errors, warnings=result.warnings, today=result.today) + "\n")
