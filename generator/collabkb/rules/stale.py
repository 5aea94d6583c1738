"""stale — an in-progress task has not been updated for several working days.

Why: the seeds ask each owner to post progress every working day (by 17:00).
A task with ``status: in_progress`` whose newest ``updates`` entry (or, with no
updates, its ``start``) is more than ``days`` working days old (default 3) has
gone quiet. Working days skip weekends and holidays and count make-up workdays
(调休), so a long weekend does not make a task stale.

Fires::

    - id: T3
      status: in_progress
      updates:
        - {date: 2026-11-12, progress: 40, note: 初稿}
      # today 2026-11-18 (Wed): 4 working days since Thu 11-12

Fix: add an entry to ``updates`` (date, progress, note) and bring ``progress``
up to date.

Configure: ``rules: {stale: {severity: warning, days: 3}}``.
"""

from __future__ import annotations

from typing import Any, Iterator

from ..check.findings import Finding, Severity
from ..check.model import KnowledgeBase
from .context import RuleContext

ID = "stale"
SEVERITY = Severity.WARNING
OPTIONS: dict[str, Any] = {"days": 3}


def check(kb: KnowledgeBase, ctx: RuleContext) -> Iterator[Finding]:
    limit = ctx.options["days"]
    for project in kb.projects:
        for task in project.tasks:
            if task.status != "in_progress":
                continue
            last = task.last_update
            since = last or task.start
            working = ctx.calendar.working_days_between(since, ctx.today)
            if working <= limit:
                continue
            if last is None:
                yield ctx.finding(project, task.source, "start", task.id, "rule.stale.never",
                                  task=task.id, title=task.title, start=since, working=working, limit=limit)
            else:
                yield ctx.finding(project, task.source, "updates", task.id, "rule.stale",
                                  task=task.id, title=task.title, last=since, working=working, limit=limit)
