"""Findings: the one value every stage produces and every reporter formats."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from typing import Any, Iterable, Iterator, Mapping


class Severity(str, Enum):
    ERROR = "error"
    WARNING = "warning"

    def __str__(self) -> str:
        return self.value


class Facts(Mapping[str, Any]):
    """A finding's structured facts (``days``, ``level``, ``cycle``…): a frozen, hashable mapping.

    The message says them in words; the portfolio reads them here instead of
    re-deriving what the rule already measured. Values must be hashable.
    """

    __slots__ = ("_items",)

    def __init__(self, values: Mapping[str, Any] | None = None) -> None:
        self._items: tuple[tuple[str, Any], ...] = tuple(sorted((values or {}).items()))

    def __getitem__(self, key: str) -> Any:
        for name, value in self._items:
            if name == key:
                return value
        raise KeyError(key)

    def __iter__(self) -> Iterator[str]:
        return (name for name, _ in self._items)

    def __len__(self) -> int:
        return len(self._items)

    def __hash__(self) -> int:
        return hash(self._items)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Facts) and self._items == other._items

    def __repr__(self) -> str:
        return f"Facts({dict(self._items)!r})"


NO_FACTS = Facts()


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
    facts: Facts = field(default=NO_FACTS, repr=False)  # what the rule measured, for the portfolio

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
