"""Critical path and total slack per project, in working days (the rules' calendar).

Tasks keep the dates they were planned with (the YAML is the schedule; nothing is
re-scheduled). Working days are numbered on one axis, so a task occupies the
working days from its ``start`` to its ``due``. A backward pass from the project's
``due`` gives each task its late finish: the project due for a task nothing depends
on, else the day before the latest start of its earliest dependant. Total slack is
late finish minus planned finish: how many working days the task can slip before
the project's due date moves (negative: it already pushes past it).

The critical path is the set of unfinished tasks with the least slack in the
project, in dependency order; with a generous project due every task may have slack,
and the critical path is still the chain with the least of it. Finished tasks keep
their slack (what it was as planned) but are not on the path: a task finished late
must not hide the remaining work that now decides the end date. Cancelled tasks are not part
of the plan; dependencies on unknown tasks and dependency cycles (already
``reference`` findings) are ignored, the tasks in a cycle get no slack.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, Mapping

from ..check.calendar import WorkCalendar
from ..check.model import Project, Task

_ONE_DAY = dt.timedelta(days=1)


@dataclass(frozen=True)
class Schedule:
    """One project's slack per task id and its critical path (task ids, in order)."""

    slack: Mapping[str, int]
    critical: tuple[str, ...]

    def is_critical(self, task_id: str) -> bool:
        return task_id in self.critical

    def as_json(self) -> dict[str, Any]:
        return {"critical_path": list(self.critical), "slack": dict(self.slack)}


def _order(tasks: Mapping[str, Task]) -> list[str]:
    """Task ids with every dependency before its dependants; cycles dropped (Kahn)."""
    waiting = {tid: {d for d in t.depends_on if d in tasks and d != tid} for tid, t in tasks.items()}
    order: list[str] = []
    ready = [tid for tid, deps in waiting.items() if not deps]
    dependants: dict[str, list[str]] = {}
    for tid, deps in waiting.items():
        for dep in deps:
            dependants.setdefault(dep, []).append(tid)
    while ready:
        tid = ready.pop()
        order.append(tid)
        for child in dependants.get(tid, ()):
            waiting[child].discard(tid)
            if not waiting[child]:
                ready.append(child)
    return order


def analyse(project: Project, calendar: WorkCalendar) -> Schedule:
    """Slack (working days) of every task not cancelled, and the critical path."""
    tasks = {t.id: t for t in project.tasks if t.status != "cancelled"}
    if not tasks:
        return Schedule({}, ())
    # The axis spans every date written, whichever order they are in: a task due before
    # it starts (a ``consistency`` finding) must not fall off it.
    dates = [project.due, *(t.start for t in tasks.values()), *(t.due for t in tasks.values())]
    origin, last = min(dates) - _ONE_DAY, max(dates)
    # Working days from ``origin`` through each day (a non-working day counts as the one before):
    # one pass over the project's span, cheaper than a calendar lookup per date across years.
    through = {origin: 0}
    day, count = origin, 0
    while day < last:
        day += _ONE_DAY
        count += calendar.is_working_day(day)
        through[day] = count
    index = through.__getitem__

    finish = {tid: index(t.due) for tid, t in tasks.items()}
    # A task starting on a weekend starts on the next working day: count through the day before.
    start = {tid: index(t.start - _ONE_DAY) + 1 for tid, t in tasks.items()}
    duration = {tid: max(finish[tid] - start[tid] + 1, 0) for tid in tasks}
    order = _order(tasks)
    dependants: dict[str, list[str]] = {}
    for tid in order:
        for dep in tasks[tid].depends_on:
            if dep in tasks and dep != tid:
                dependants.setdefault(dep, []).append(tid)
    end = index(project.due)
    late_finish: dict[str, int] = {}
    for tid in reversed(order):
        late_starts = [late_finish[child] - duration[child] + 1 for child in dependants.get(tid, ()) if child in late_finish]
        late_finish[tid] = min([end, *(s - 1 for s in late_starts)])
    slack = {tid: late_finish[tid] - finish[tid] for tid in tasks if tid in late_finish}  # file order
    remaining = [tid for tid in order if tasks[tid].status != "done"]
    if not remaining:
        return Schedule(slack, ())
    least = min(slack[tid] for tid in remaining)
    position = {tid: i for i, tid in enumerate(order)}
    critical = tuple(sorted((tid for tid in remaining if slack[tid] == least),
                            key=lambda tid: (tasks[tid].start, tasks[tid].due, position[tid])))
    return Schedule(slack, critical)
