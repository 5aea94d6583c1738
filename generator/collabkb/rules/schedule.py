"""schedule — a task's dates contradict its dependencies or the project.

Why: a plan whose task starts before the work it depends on is due, or ends
after the project itself, will slip on paper before it slips in reality. Two
checks, on tasks that are still open (done and cancelled tasks are history):

* ``start`` is before the ``due`` of a task in ``depends_on`` (starting on the
  day the dependency is due is fine). A dependency that is already done with a
  ``completed`` date on or before the task's start, or that was cancelled, does
  not hold the task back and is skipped.
* ``due`` is after the project's ``due`` in project.yaml.

Fires::

    - id: T2
      due: 2026-11-20
    - id: T3
      depends_on: [T2]
      start: 2026-11-16      # 4 days before T2 is due

Fix: move ``start`` (or the dependency's ``due``), drop a dependency that is
not real, or move the project's ``due`` after an agreed change.

Configure: ``rules: {schedule: error|warning|off}``.
"""

from __future__ import annotations

from typing import Any, Iterator

from ..check.findings import Finding, Severity
from ..check.model import KnowledgeBase, Task
from .context import RuleContext

ID = "schedule"
SEVERITY = Severity.WARNING
OPTIONS: dict[str, Any] = {}


def _holds_back(dependency: Task, task: Task) -> bool:
    if dependency.status == "cancelled":
        return False
    if dependency.status == "done" and dependency.completed is not None and dependency.completed <= task.start:
        return False
    return task.start < dependency.due


def check(kb: KnowledgeBase, ctx: RuleContext) -> Iterator[Finding]:
    for project in kb.projects:
        for task in project.tasks:
            if task.is_closed:
                continue
            for dep_id in task.depends_on:
                dependency = project.task_by_id.get(dep_id)  # unknown ids are reference findings
                if dependency is None or dependency is task or not _holds_back(dependency, task):
                    continue
                yield ctx.finding(project, task.source, "start", task.id, "rule.schedule.dependency",
                                  task=task.id, title=task.title, start=task.start, dependency=dependency.id,
                                  dependency_title=dependency.title, due=dependency.due,
                                  days=(dependency.due - task.start).days)
            if task.due > project.due:
                yield ctx.finding(project, task.source, "due", task.id, "rule.schedule.project_due",
                                  task=task.id, title=task.title, due=task.due, project_due=project.due,
                                  days=(task.due - project.due).days)
