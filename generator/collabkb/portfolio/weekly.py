"""The weekly report (本周周报, ``/views/weekly/``): this week's attention list, the milestones
due this week or already late, and the open high risks, per department.

Departments come in the order the ranked attention list first names them (the department
with the most pressing item first), then those with only milestones or risks, by name;
things without a department are in a last group (``department`` ``None``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Iterable

from ..check.model import Project, Risk, Task
from .attention import Attention, risk_department


@dataclass(frozen=True, slots=True)
class DepartmentWeek:
    department: str | None
    attention: tuple[Attention, ...]  # ranked
    milestones: tuple[tuple[Project, Task], ...]  # by due date: the late ones first
    risks: tuple[tuple[Project, Risk], ...]  # earliest raised first


def week_milestones(projects: Iterable[Project], today: dt.date, days: int) -> tuple[tuple[Project, Task], ...]:
    """Open milestone tasks due by ``today + days``, late ones included, soonest first."""
    horizon = today + dt.timedelta(days=days)
    return tuple(sorted(((p, t) for p in projects for t in p.tasks if t.milestone and not t.is_closed and t.due <= horizon),
                        key=lambda pt: (pt[1].due, pt[0].slug, pt[1].id)))


def open_high_risks(projects: Iterable[Project]) -> tuple[tuple[Project, Risk], ...]:
    """Open high risks of the projects still running, earliest raised first."""
    return tuple(sorted(((p, r) for p in projects if p.status not in ("done", "cancelled") for r in p.risks
                         if r.is_open_high), key=lambda pr: (pr[1].raised, pr[0].slug, pr[1].id)))


def by_department(attention: Iterable[Attention], milestones: Iterable[tuple[Project, Task]],
                  risks: Iterable[tuple[Project, Risk]]) -> tuple[DepartmentWeek, ...]:
    items: dict[str | None, list[Attention]] = {}
    for item in attention:
        items.setdefault(item.department, []).append(item)
    due: dict[str | None, list[tuple[Project, Task]]] = {}
    for project, task in milestones:
        due.setdefault(task.department, []).append((project, task))
    high: dict[str | None, list[tuple[Project, Risk]]] = {}
    for project, risk in risks:
        high.setdefault(risk_department(project, risk), []).append((project, risk))
    others = sorted((d for d in {*due, *high} if d not in items and d is not None))
    order = [d for d in items if d is not None] + others + ([None] if None in {*items, *due, *high} else [])
    return tuple(DepartmentWeek(d, tuple(items.get(d, ())), tuple(due.get(d, ())), tuple(high.get(d, ()))) for d in order)
