"""What the check stage hands on: the model, every finding, the day, the work calendar and
the plan's git history. Reporters, the portfolio and the site read these values and never
import the loader or git themselves."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Mapping

from .findings import Finding, Severity
from .model import KnowledgeBase
from .calendar import WorkCalendar

if TYPE_CHECKING:  # a value passed along; git is read by the pipeline, not here
    from ..git.history import History


@dataclass(frozen=True)
class Loaded:
    """The modelled knowledge base and every validation finding (yaml, schema, reference)."""

    kb: KnowledgeBase
    findings: tuple[Finding, ...]


@dataclass(frozen=True)
class Checked:
    """A knowledge base, every finding about it (sorted), and the day it was checked for.

    ``calendar`` is the one work calendar of the run; ``history`` the plan's git history
    when it was read (``None``: not needed or not a repository), so a site build reads it once.
    ``omitted`` counts, by severity, findings left out of ``findings`` by ``pipeline.capped``
    (each "and N more" finding stands for one of them), so the totals stay exact.
    """

    kb: KnowledgeBase
    findings: tuple[Finding, ...]
    today: dt.date
    calendar: WorkCalendar = field(default_factory=WorkCalendar)
    history: History | None = None
    omitted: Mapping[Severity, int] = field(default_factory=dict)

    @property
    def errors(self) -> int:
        return sum(f.severity is Severity.ERROR for f in self.findings) + self.omitted.get(Severity.ERROR, 0)

    @property
    def warnings(self) -> int:
        return sum(f.severity is Severity.WARNING for f in self.findings) + self.omitted.get(Severity.WARNING, 0)
