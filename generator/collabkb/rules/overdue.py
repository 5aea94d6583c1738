"""overdue — a task is past its due date and not done.

Why: the seeds' first complaint is deadlines that slip silently. A task whose
``due`` is before today and whose ``status`` is not ``done``/``cancelled`` is
reported with how many calendar days, and how many working days, it is late.
A task due today is not overdue.

Fires::

    - id: T3
      due: 2026-11-10        # today 2026-11-18 → 8 days (6 working days) overdue
      status: in_progress

Fix: finish it (``status: done``, ``completed``, ``progress: 100``), or agree a
new date in the weekly meeting and change ``due`` in a pull request.

Configure: ``rules: {overdue: error|warning|off}``.
"""

from __future__ import annotations

from typing import Any, Iterator

from ..check.findings import Finding, Severity
from ..check.model import KnowledgeBase
from .context import RuleContext

ID = "overdue"
SEVERITY = Severity.WARNING
OPTIONS: dict[str, Any] = {}


def check(kb: KnowledgeBase, ctx: RuleContext) -> Iterator[Finding]:
    for project in kb.projects:
        for task in project.tasks:
            if task.is_closed or task.due >= ctx.today:
                continue
            days = (ctx.today - task.due).days
            working = ctx.calendar.working_days_between(task.due, ctx.today)
            yield ctx.finding(project, task.source, "due", task.id, "rule.overdue",
                              facts={"days": days, "working_days": working},
                              task=task.id, title=task.title, due=task.due, days=days, working=working)
