"""Findings: the one value every stage produces and every reporter formats."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import Iterable


class Severity(str, Enum):
    ERROR = "error"
    WARNING = "warning"

    def __str__(self) -> str:
        return self.value


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem, located at the 1-based line/column of the offending key.

    Findings are values: equal when every field is equal, hashable, and sorted
    by ``sort_findings`` (file, line, rule, then the rest, so output is stable).
    """

    file: str
    line: int
    rule: str
    column: int
    severity: Severity
    project: str | None
    item: str | None
    message: str

    def as_dict(self) -> dict[str, object]:
        return {
            "rule": self.rule,
            "severity": self.severity.value,
            "project": self.project,
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "item": self.item,
            "message": self.message,
        }


def sort_findings(findings: Iterable[Finding]) -> list[Finding]:
    """File, line, rule (SPEC §5), then column, item and message for a total order."""
    return sorted(findings, key=lambda f: (f.file, f.line, f.rule, f.column, f.item or "", f.message))
