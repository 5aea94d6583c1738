"""``--format text``: ``path:line:col: severity [rule] message``, the ruff/flake8/yamllint
convention that editors and terminals turn into links; a summary line at the end."""

from __future__ import annotations

import re
from typing import TextIO

from ..check.findings import Finding, Severity
from ..i18n import Messages
from ..check.result import Checked

_COLORS = {Severity.ERROR: "\033[31m", Severity.WARNING: "\033[33m"}
_RESET = "\033[0m"
_DIM = "\033[2m"
_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|#~])")


def location(f: Finding) -> str:
    """``path:line:col``, the form editors and terminals turn into a link."""
    return f"{f.file}:{f.line}:{f.column}"


def finding_line(f: Finding) -> str:
    """One finding on one line: ``path:line:col: severity [rule] message``."""
    return f"{location(f)}: {f.severity} [{f.rule}] {f.message}"


def markdown_text(value: object) -> str:
    """User text shown literally in Markdown (GitHub, chat robots): one line, no emphasis,
    links or HTML from a title."""
    return _MD_SPECIAL.sub(r"\\\1", " ".join(str(value).split()))


def write(result: Checked, msg: Messages, out: TextIO, *, color: bool = False) -> None:
    for f in result.findings:
        severity = f"{_COLORS[f.severity]}{f.severity}{_RESET}" if color else str(f.severity)
        rule = f"{_DIM}[{f.rule}]{_RESET}" if color else f"[{f.rule}]"
        out.write(f"{location(f)}: {severity} {rule} {f.message}\n")
    out.write(msg("report.summary", projects=len(result.kb.projects), tasks=result.kb.task_count,
                  errors=result.errors, warnings=result.warnings, today=result.today) + "\n")
