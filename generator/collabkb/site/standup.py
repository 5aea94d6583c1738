"""The Monday stand-up agenda of one project (the seeds' 每周一站会): what was finished last
week, what is planned this week, and what needs coordination now.

Weeks run Monday to Sunday around the reference day. "Planned this week" is every open task
due this week or starting this week; "needs coordination" is what the rules and the registers
say is stuck: overdue and blocked tasks, open coordination issues, open high risks. Pure
selection on the checked model; ``templates/standup.html`` draws it on the project page.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Iterable

from ..check.findings import Finding
from ..check.model import Issue, Project, Risk, Task


@dataclass(frozen=True, slots=True)
class Agenda:
    monday: dt.date  # of this week
    done: tuple[Task, ...]  # completed last week
    planned: tuple[Task, ...]  # open, due or starting this week
    overdue: tuple[Task, ...]
    blocked: tuple[Task, ...]
    issues: tuple[Issue, ...]  # open coordination issues
    risks: tuple[Risk, ...]  # open high risks

    @property
    def last_monday(self) -> dt.date:
        return self.monday - dt.timedelta(days=7)

    @property
    def sunday(self) -> dt.date:
        return self.monday + dt.timedelta(days=6)

    @property
    def needs_coordination(self) -> bool:
        return bool(self.overdue or self.blocked or self.issues or self.risks)


def agenda(project: Project, today: dt.date, findings: Iterable[Finding]) -> Agenda:
    """The agenda for the week of ``today``; ``findings`` are the project's (overdue comes from the rule)."""
    monday = today - dt.timedelta(days=today.weekday())
    last_monday, sunday = monday - dt.timedelta(days=7), monday + dt.timedelta(days=6)
    late = {f.item for f in findings if f.rule == "overdue"}
    done = [t for t in project.tasks if t.status == "done" and t.completed and last_monday <= t.completed < monday]
    planned = [t for t in project.tasks if not t.is_closed and (monday <= t.due <= sunday or monday <= t.start <= sunday)]
    return Agenda(
        monday=monday,
        done=tuple(sorted(done, key=lambda t: (t.completed or t.due, t.id))),
        planned=tuple(sorted(planned, key=lambda t: (t.due, t.id))),
        overdue=tuple(sorted((t for t in project.tasks if t.id in late), key=lambda t: (t.due, t.id))),
        blocked=tuple(t for t in project.tasks if t.status == "blocked"),
        issues=tuple(i for i in project.issues if i.status == "open"),
        risks=tuple(r for r in project.risks if r.is_open_high),
    )
