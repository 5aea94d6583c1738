"""``--format text``: ``path:line:col: severity [rule] message``, the ruff/flake8/yamllint
convention that editors and terminals turn into links; a summary line at the end."""

from __future__ import annotations

from typing import TextIO

from ..check.findings import Severity
from ..i18n import Messages
from ..check.result import Checked

_COLORS = {Severity.ERROR: "\033[31m", Severity.WARNING: "\033[33m"}
_RESET = "\033[0m"
_DIM = "\033[2m"


def write(result: Checked, msg: Messages, out: TextIO, *, color: bool = False) -> None:
    for f in result.findings:
        severity = f"{_COLORS[f.severity]}{f.severity}{_RESET}" if color else str(f.severity)
        rule = f"{_DIM}[{f.rule}]{_RESET}" if color else f"[{f.rule}]"
        out.write(f"{f.file}:{f.line}:{f.column}: {severity} {rule} {f.message}\n")
    out.write(msg("report.summary", projects=len(result.kb.projects), tasks=result.kb.task_count,
                  errors=result.errors, warnings=result.warnings, today=result.today) + "\n")
