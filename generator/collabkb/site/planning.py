"""Planning on the site: drift, due-date history, progress over time, critical path.

One ``Planning`` per build formats what the portfolio derived (``portfolio/view.py``:
the history ``check`` read once, drift against each project's baseline, every
project's slack and critical path on the run's one work calendar). The page builder
asks it for one project's view (``for_project``), for the ``/views/drift/`` ranking
and for the Gantt's non-working days; the templates ``plan_*.html``,
``progress.svg`` and ``view_drift.md`` draw them. Without history the drift parts
show one notice; slack and the critical path need no history.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Mapping

from ..check.model import Project
from ..git.history import DueChange, History, ProgressPoint
from ..check.calendar import WorkCalendar
from ..portfolio.critical_path import Schedule
from ..portfolio.drift import Drift, ProjectDrift, TaskDrift
from ..portfolio.view import Portfolio

CHART_WIDTH = 760
CHART_HEIGHT = 150
_LEFT, _RIGHT, _TOP, _BOTTOM = 36, 12, 12, 24


@dataclass(frozen=True, slots=True)
class ProgressChart:
    """A step line of a project's progress at each commit that changed it, up to today."""

    width: int
    height: int
    path: str  # SVG path data
    dots: tuple[tuple[float, float, str], ...]  # x, y, tooltip
    x_labels: tuple[tuple[float, str], ...]
    y_labels: tuple[tuple[float, str], ...]


@dataclass(frozen=True)
class ProjectPlanning:
    schedule: Schedule
    drift: ProjectDrift | None
    progress: ProgressChart | None
    due_history: Mapping[str, tuple[DueChange, ...]]

    def task_drift(self, task_id: str) -> TaskDrift | None:
        return next((t for t in self.drift.tasks if t.task == task_id), None) if self.drift else None


def progress_chart(points: tuple[ProgressPoint, ...], today: dt.date) -> ProgressChart | None:
    """``None`` for fewer than two points: one value over time is no line."""
    if len(points) < 2:
        return None
    first = points[0].commit.date
    last = max(today, points[-1].commit.date)
    span = max((last - first).days, 1)
    inner_w, inner_h = CHART_WIDTH - _LEFT - _RIGHT, CHART_HEIGHT - _TOP - _BOTTOM

    def x(day: dt.date) -> float:
        return _LEFT + (day - first).days * inner_w / span

    def y(value: int) -> float:
        return _TOP + (100 - max(0, min(value, 100))) * inner_h / 100

    path = [f"M{x(first):.1f},{y(points[0].progress):.1f}"]
    dots = []
    for point in points:
        px, py = x(point.commit.date), y(point.progress)
        path.append(f"H{px:.1f} V{py:.1f}")
        dots.append((px, py, f"{point.commit.date.isoformat()} {point.progress}% · {point.commit.subject}"))
    path.append(f"H{x(last):.1f}")
    x_labels = ((x(first), first.isoformat()), (x(last), last.isoformat()))
    y_labels = tuple((y(v), f"{v}%") for v in (0, 50, 100))
    return ProgressChart(CHART_WIDTH, CHART_HEIGHT, " ".join(path), tuple(dots), x_labels, y_labels)


def nonworking_spans(first: dt.date, last: dt.date, calendar: WorkCalendar) -> tuple[tuple[dt.date, dt.date], ...]:
    """Runs of consecutive non-working days in ``[first, last]`` (weekends and holidays;
    make-up workdays are working days), as (first day, last day) pairs."""
    spans: list[tuple[dt.date, dt.date]] = []
    day = first
    while day <= last:
        if not calendar.is_working_day(day):
            if spans and spans[-1][1] == day - dt.timedelta(days=1):
                spans[-1] = (spans[-1][0], day)
            else:
                spans.append((day, day))
        day += dt.timedelta(days=1)
    return tuple(spans)


class Planning:
    """The planning views of one build."""

    def __init__(self, portfolio: Portfolio) -> None:
        self.portfolio = portfolio
        self.today = portfolio.today
        self.calendar = portfolio.checked.calendar
        self.history = portfolio.checked.history or History(notice="drift.notice.no_commits")
        self.drift: Drift = portfolio.drift

    @property
    def notices(self) -> tuple[tuple[str, Mapping[str, object]], ...]:
        return self.drift.notices

    def for_project(self, project: Project) -> ProjectPlanning:
        slug = project.slug
        history = {t.id: self.history.due_changes.get((slug, t.id), ()) for t in project.tasks}
        return ProjectPlanning(self.portfolio.by_slug[slug].schedule, self.portfolio.project_drift(slug),
                               progress_chart(self.history.progress.get(slug, ()), self.today), history)

    def last_updated(self, project: Project) -> dt.date | None:
        """When the project last changed, as of today: the newest of the commits that touched
        its plan files and of its progress updates (``updates``), none after today (a build for
        an earlier day does not report later edits); ``None`` with neither."""
        days = [c.date for c in self.history.touched.get(project.slug, ())]
        days += [u.date for t in project.tasks for u in t.updates]
        return max((day for day in days if day <= self.today), default=None)
