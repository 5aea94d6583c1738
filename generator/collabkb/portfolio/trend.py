"""The portfolio's trend: overall progress and overdue tasks week by week, from git history.

Each point is the plan as committed at the end of a day: today, a week before, two weeks
before… (``TREND_WEEKS`` points at most, none before the first commit). For that day,

- overall progress is the mean of the projects' progress (each project's last progress point
  of ``git/history`` on or before the day; a project counts once it has one), rounded;
- overdue is the number of tasks open in the plan as committed then with a due date before the day.

Only the projects the knowledge base has today count. Uncommitted edits are not history:
the newest point can differ from what ``check`` counts in the working tree.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Iterable, TypeVar

from ..git.history import Commit, History

TREND_WEEKS = 12
_T = TypeVar("_T")


@dataclass(frozen=True, slots=True)
class TrendPoint:
    day: dt.date  # the plan as committed at the end of this day
    progress: int | None  # None: no project had a progress point yet
    overdue: int


def _latest(series: Iterable[tuple[Commit, _T]], day: dt.date) -> _T | None:
    """The value of the last commit on or before ``day`` (``series`` is oldest first)."""
    found = None
    for commit, value in series:
        if commit.date > day:
            break
        found = value
    return found


def weekly_trend(history: History | None, slugs: Iterable[str], today: dt.date,
                 weeks: int = TREND_WEEKS) -> tuple[TrendPoint, ...]:
    """Oldest first; empty without history (or without a commit on or before today)."""
    if history is None or not history.available or not history.commits:
        return ()
    wanted = tuple(slugs)
    first = min(c.date for c in history.commits)
    points = []
    for back in range(weeks - 1, -1, -1):
        day = today - dt.timedelta(weeks=back)
        if day < first:
            continue
        progress = [value for slug in wanted
                    if (value := _latest(((p.commit, p.progress) for p in history.progress.get(slug, ())), day)) is not None]
        overdue = sum(sum(due < day for due in _latest(history.open_dues.get(slug, ()), day) or ())
                      for slug in wanted)
        points.append(TrendPoint(day, round(sum(progress) / len(progress)) if progress else None, overdue))
    return tuple(points)
