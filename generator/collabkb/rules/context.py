"""What a rule may see besides the model: today, the calendar, its options, the messages,
and the plan's git history (``None`` when not read: rules that need it stay silent)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Mapping

from ..check.calendar import WorkCalendar
from ..check.findings import Facts, Finding, Severity
from ..i18n import Messages
from ..check.model import Project, Source

if TYPE_CHECKING:
    from ..git.history import History


@dataclass(frozen=True)
class RuleSetting:
    """A rule's configured severity and options (``rules:`` in the ``collabkb`` block)."""

    severity: Severity | None  # None: the rule is off
    options: Mapping[str, Any]


@dataclass(frozen=True)
class RuleContext:
    rule: str
    severity: Severity
    today: dt.date
    calendar: WorkCalendar
    options: Mapping[str, Any]
    msg: Messages
    history: History | None = None

    def finding(self, project: Project | None, source: Source, key: str | None, item: str | None,
                message_key: str, facts: Mapping[str, Any] | None = None, **values: Any) -> Finding:
        """A finding at ``key`` of the object ``source`` describes; the text from the catalogue,
        ``facts`` what the rule measured (days late, lag level…) for the portfolio to read."""
        line, column = source.at(key)
        return Finding(source.file, line, self.rule, column, self.severity,
                       project.slug if project else None, item, self.msg(message_key, **values), Facts(facts))
