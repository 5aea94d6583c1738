"""Drift: each task's baseline due date against its current one, from git history.

A project's baseline is, first match wins: ``baseline.projects.<slug>`` in the
config, a tag ``baseline/<slug>``, ``baseline`` (or ``baseline.default``) in the
config, else each task's first planned due date (the version that created it). A
baseline is a git revision or a date (``YYYY-MM-DD``: the plan as it stood at the
end of that day, the last commit landed on or before it).

Drift is counted in calendar days (positive: later than the baseline) and in
working days. A task added after the baseline has no drift (it had no baseline
date). A project's total drift is the sum of its tasks' drift; its end drift is how
far its own ``due`` moved.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cached_property
from typing import Any, Mapping

from ..check.calendar import WorkCalendar
from ..git.history import DueChange, GitError, History, ProjectState, TaskState, plan_at
from ..check.model import KnowledgeBase, Project

FIRST_PLANNED = ""  # the baseline label when no baseline is configured: each task's first due date


@dataclass(frozen=True, slots=True)
class TaskDrift:
    slug: str
    task: str
    title: str
    baseline: dt.date
    current: dt.date
    days: int
    working: int
    history: tuple[DueChange, ...]


@dataclass(frozen=True)
class ProjectDrift:
    slug: str
    name: str
    baseline: str  # what the baseline is: a revision, a date, or FIRST_PLANNED
    tasks: tuple[TaskDrift, ...]
    end_days: int | None  # how far the project's own due moved since the baseline

    @property
    def total_days(self) -> int:
        return sum(t.days for t in self.tasks)

    @property
    def slipped(self) -> int:
        return sum(1 for t in self.tasks if t.days > 0)


@dataclass(frozen=True)
class Drift:
    projects: tuple[ProjectDrift, ...]
    notices: tuple[tuple[str, Mapping[str, Any]], ...]  # (message key, values) to show once

    def task(self, slug: str, task_id: str) -> TaskDrift | None:
        return self._tasks.get((slug, task_id))

    @cached_property
    def _tasks(self) -> Mapping[tuple[str, str], TaskDrift]:
        return {(t.slug, t.task): t for p in self.projects for t in p.tasks}

    def ranked_tasks(self, limit: int | None = None) -> list[TaskDrift]:
        """Tasks that slipped, most days first."""
        slipped = sorted((t for p in self.projects for t in p.tasks if t.days > 0), key=lambda t: (-t.days, t.slug, t.task))
        return slipped[:limit] if limit else slipped

    def ranked_projects(self) -> list[ProjectDrift]:
        return sorted(self.projects, key=lambda p: (-p.total_days, p.slug))


def _baseline_tags(history: History) -> set[str]:
    try:
        out = history.repo.git("for-each-ref", "--format=%(refname:strip=3)", "refs/tags/baseline/") if history.repo else b""
    except GitError:
        return set()
    return set(out.decode("utf-8").split())


def _resolve(history: History, baseline: str) -> str | None:
    """The commit a baseline names: a date → the last commit on or before it; else a revision."""
    try:
        day = dt.date.fromisoformat(baseline)
    except ValueError:
        return history.repo.resolve(baseline) if history.repo else None
    commit = history.commit_on(day)
    return commit.sha if commit else None


def compute(kb: KnowledgeBase, history: History, calendar: WorkCalendar,
            default: str | None = None, per_project: Mapping[str, str] | None = None) -> Drift:
    """Drift of every project of ``kb`` (the current plan) against its baseline."""
    if not history.available:
        return Drift((), ((history.notice or "drift.notice.no_commits", {}),))
    per_project = per_project or {}
    tags = _baseline_tags(history)
    snapshots: dict[str, tuple[dict[str, dict[str, TaskState]], dict[str, ProjectState]]] = {}
    notices: dict[str, tuple[str, Mapping[str, Any]]] = {}
    projects = []
    for project in kb.projects:
        label = per_project.get(project.slug) or (f"baseline/{project.slug}" if project.slug in tags else None) or default
        commit = _resolve(history, label) if label else None
        if label and commit is None:
            notices[label] = ("drift.notice.bad_baseline", {"baseline": label})
            label = None
        if commit is not None and commit not in snapshots:
            snapshots[commit] = plan_at(history, commit)
        projects.append(_project_drift(project, history, calendar, label or FIRST_PLANNED,
                                       snapshots[commit] if commit else None, commit))
    return Drift(tuple(projects), tuple(notices.values()))


def _project_drift(project: Project, history: History, calendar: WorkCalendar, label: str,
                   snapshot: tuple[dict[str, dict[str, TaskState]], dict[str, ProjectState]] | None,
                   commit: str | None = None) -> ProjectDrift:
    tasks = []
    for task in project.tasks:
        changes = history.due_changes.get((project.slug, task.id), ())
        if snapshot is not None and commit is not None:  # the task under the id it had at the baseline
            then_id = history.id_at(project.slug, task.id, commit)
            then = snapshot[0].get(project.slug, {}).get(then_id) if then_id is not None else None
            base = then.due if then else None
        else:
            base = changes[0].new if changes else None
        if base is None:
            continue
        tasks.append(TaskDrift(project.slug, task.id, task.title, base, task.due, (task.due - base).days,
                               calendar.working_days_between(base, task.due), changes))
    if snapshot is not None:
        then_project = snapshot[1].get(project.slug)
        base_due = then_project.due if then_project else None
    else:
        first = history.project_dues.get(project.slug, ())
        base_due = first[0].new if first else None
    end_days = (project.due - base_due).days if base_due else None
    return ProjectDrift(project.slug, project.name, label, tuple(tasks), end_days)
