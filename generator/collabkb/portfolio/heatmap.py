"""The workload heat-map (``/people/``): per person, per week, how many of their tasks are in progress.

A task counts in a week when it is open (not done or cancelled) and the week overlaps its
span from ``start`` to its due date — or to today, when it is already overdue and still open,
so an overdue task weighs on this week and not on the weeks after. Weeks run Monday to
Sunday, from the week holding today. People are grouped by their first team department
(departments by name), people by name; a person with nothing in the weeks shown is left out.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Iterable

from .people import Person

HEATMAP_WEEKS = 8


@dataclass(frozen=True, slots=True)
class HeatRow:
    name: str
    counts: tuple[int, ...]  # one per week


@dataclass(frozen=True, slots=True)
class HeatGroup:
    department: str | None
    rows: tuple[HeatRow, ...]


@dataclass(frozen=True, slots=True)
class Heatmap:
    weeks: tuple[dt.date, ...]  # each week's Monday
    groups: tuple[HeatGroup, ...]


def heatmap(everyone: Iterable[Person], today: dt.date, weeks: int = HEATMAP_WEEKS) -> Heatmap:
    monday = today - dt.timedelta(days=today.weekday())
    mondays = tuple(monday + dt.timedelta(weeks=k) for k in range(weeks))
    groups: dict[str | None, list[HeatRow]] = {}
    for person in everyone:
        spans = [(i.subject.start, max(i.due, today)) for i in person.items
                 if i.kind == "task" and i.open and i.due is not None]
        counts = tuple(sum(start <= week + dt.timedelta(days=6) and end >= week for start, end in spans)
                       for week in mondays)
        if any(counts):
            department = person.departments[0] if person.departments else None
            groups.setdefault(department, []).append(HeatRow(person.name, counts))
    ordered = sorted(groups.items(), key=lambda kv: (kv[0] is None, kv[0] or ""))
    return Heatmap(mondays, tuple(HeatGroup(d, tuple(sorted(rows, key=lambda r: r.name))) for d, rows in ordered))
