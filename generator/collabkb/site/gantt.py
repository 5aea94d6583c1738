"""Gantt chart geometry for one project: bars, milestones, dependency arrows, today line.

Pure arithmetic on the model; ``templates/gantt.svg`` turns a ``Gantt`` into
inline SVG at build time (no scripts, nothing loaded from elsewhere). A bar
covers its task from the start day to the end of the due day; the progress
fill covers ``progress`` percent of it; a milestone adds a diamond at its due
date; the today line marks the reference day when it falls inside the chart.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Iterable

from ..portfolio.calendar import WorkCalendar
from ..check.model import Project
from .planning import nonworking_spans

WIDTH = 760  # viewBox units ≈ the content width of a Material page; scrolls sideways on a phone
LABEL_WIDTH = 200
ROW_HEIGHT = 26
BAR_HEIGHT = 14
TOP = 34  # room for the date axis
LABEL_CHARS = 15


@dataclass(frozen=True, slots=True)
class Bar:
    task: str
    label: str  # shortened "T3 title" for the left column
    tooltip: str
    x: float
    y: float
    width: float
    fill: float  # width of the progress fill
    state: str  # done | overdue | blocked | cancelled | open
    milestone: bool
    critical: bool = False  # on the project's critical path (critical_path.py)

    @property
    def mid(self) -> float:
        return self.y + BAR_HEIGHT / 2

    @property
    def diamond(self) -> str:
        """Points of the milestone diamond, centred on the end of the bar (the due day)."""
        cx, cy, r = self.x + self.width, self.mid, BAR_HEIGHT / 2 + 3
        return f"{cx:.1f},{cy - r:.1f} {cx + r:.1f},{cy:.1f} {cx:.1f},{cy + r:.1f} {cx - r:.1f},{cy:.1f}"


@dataclass(frozen=True, slots=True)
class Tick:
    x: float
    label: str


@dataclass(frozen=True, slots=True)
class Gantt:
    width: int
    height: int
    label_width: int
    bars: tuple[Bar, ...]
    ticks: tuple[Tick, ...]
    arrows: tuple[str, ...]  # SVG path data, dependency end → dependent start
    today_x: float | None
    today: dt.date
    shade: tuple[tuple[float, float], ...] = ()  # (x, width) of each run of non-working days


def _shorten(text: str, limit: int = LABEL_CHARS) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _ticks(first: dt.date, last: dt.date, x_of) -> tuple[Tick, ...]:
    """Month starts for long charts, Mondays for charts under ten weeks."""
    days = (last - first).days
    ticks = []
    if days <= 70:
        day = first + dt.timedelta(days=(7 - first.weekday()) % 7)
        while day <= last:
            ticks.append(Tick(x_of(day), f"{day.month}/{day.day}"))
            day += dt.timedelta(days=7)
    else:
        day = dt.date(first.year, first.month, 1)
        while day <= last:
            if day >= first:
                ticks.append(Tick(x_of(day), f"{day.year}-{day.month:02d}" if day.month == 1 or not ticks else f"{day.month:02d}"))
            day = dt.date(day.year + day.month // 12, day.month % 12 + 1, 1)
    return tuple(t for t in ticks if t.x < WIDTH - 40)  # a label at the right edge would be cut off


def build(project: Project, today: dt.date, overdue: Iterable[str], critical: Iterable[str] = (),
          calendar: WorkCalendar | None = None) -> Gantt | None:
    """The chart of ``project``'s tasks in file order; ``overdue`` are the task ids the
    ``overdue`` rule reported (so the chart agrees with the check), ``critical`` those on the
    critical path; with a ``calendar``, weekends and holidays are shaded (make-up workdays
    are not). ``None`` without tasks."""
    tasks = project.tasks
    if not tasks:
        return None
    late, on_path = frozenset(overdue), frozenset(critical)
    first = min(min(t.start for t in tasks), project.start)
    last = max(max(t.due for t in tasks), project.due) + dt.timedelta(days=1)
    span = max((last - first).days, 1)
    scale = (WIDTH - LABEL_WIDTH - 16) / span

    def x_of(day: dt.date) -> float:
        return LABEL_WIDTH + (day - first).days * scale

    bars = []
    for row, task in enumerate(tasks):
        start, end = min(task.start, task.due), max(task.start, task.due) + dt.timedelta(days=1)
        width = max((end - start).days * scale, 2.0)
        if task.status in ("done", "cancelled", "blocked"):
            state = task.status
        else:
            state = "overdue" if task.id in late else "open"
        tooltip = f"{task.id} {task.title}: {task.start.isoformat()} → {task.due.isoformat()}, {task.progress}%"
        bars.append(Bar(task.id, _shorten(f"{task.id} {task.title}"), tooltip, x_of(start), TOP + row * ROW_HEIGHT + 6,
                        width, width * max(0, min(task.progress, 100)) / 100, state, task.milestone, task.id in on_path))
    by_id = {bar.task: bar for bar in bars}
    arrows = []
    for task in tasks:
        target = by_id[task.id]
        for dep in task.depends_on:
            source = by_id.get(dep)
            if source is None or source is target:
                continue
            x1, y1, x2, y2 = source.x + source.width, source.mid, target.x, target.mid
            bend = max(x1 + 6, min(x2 - 6, x1 + 12)) if x2 - 6 > x1 else x1 + 6
            arrows.append(f"M{x1:.1f},{y1:.1f} H{bend:.1f} V{y2:.1f} H{x2 - 1:.1f}")
    today_x = x_of(today) if first <= today <= last else None
    height = TOP + len(tasks) * ROW_HEIGHT + 10
    shade = tuple((x_of(a), (b - a).days * scale + scale) for a, b in nonworking_spans(first, last - dt.timedelta(days=1), calendar)) if calendar else ()
    return Gantt(WIDTH, height, LABEL_WIDTH, tuple(bars), _ticks(first, last, x_of), tuple(arrows), today_x, today, shade)
