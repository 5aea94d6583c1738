"""consistency — dates, status and progress that contradict each other.

Why: the site, the digest and every other rule trust these fields; a task
marked done at 60 % or finished "next week" makes every page wrong. Fires on:

* a task or the project with ``status: done`` and no ``completed`` date (a task
  is reported at its mapping, where the key is missing; the project at
  ``status``, since its parent mapping is the whole file);
* a done task whose ``progress`` is below 100;
* ``completed`` after today (task or project);
* ``due`` before ``start`` (task or project).

Fires::

    - id: T1
      start: 2026-11-10
      due: 2026-11-05        # due before start
      status: done           # and no completed date
      progress: 80           # done at 80 %

Fix: write the real dates (``completed`` is the day it was actually finished,
not in the future), and set ``progress: 100`` on done tasks.

Configure: ``rules: {consistency: error|warning|off}``.
"""

from __future__ import annotations

from typing import Any, Iterator

from ..check.findings import Finding, Severity
from ..check.model import KnowledgeBase
from .context import RuleContext

ID = "consistency"
SEVERITY = Severity.ERROR
OPTIONS: dict[str, Any] = {}


def check(kb: KnowledgeBase, ctx: RuleContext) -> Iterator[Finding]:
    for project in kb.projects:
        src, name = project.source, project.name
        if project.status == "done" and project.completed is None:
            yield ctx.finding(project, src, "status", None, "rule.consistency.project_no_completed", name=name)
        if project.completed is not None and project.completed > ctx.today:
            yield ctx.finding(project, src, "completed", None, "rule.consistency.project_future",
                              name=name, completed=project.completed, days=(project.completed - ctx.today).days)
        if project.due < project.start:
            yield ctx.finding(project, src, "due", None, "rule.consistency.project_due_before_start",
                              name=name, start=project.start, due=project.due)
        for task in project.tasks:
            values: dict[str, Any] = {"task": task.id, "title": task.title}
            if task.status == "done":
                if task.completed is None:
                    yield ctx.finding(project, task.source, None, task.id, "rule.consistency.no_completed", **values)
                if task.progress < 100:
                    yield ctx.finding(project, task.source, "progress", task.id, "rule.consistency.progress",
                                      progress=task.progress, **values)
            if task.completed is not None and task.completed > ctx.today:
                yield ctx.finding(project, task.source, "completed", task.id, "rule.consistency.future",
                                  completed=task.completed, days=(task.completed - ctx.today).days, **values)
            if task.due < task.start:
                yield ctx.finding(project, task.source, "due", task.id, "rule.consistency.due_before_start",
                                  start=task.start, due=task.due, **values)
