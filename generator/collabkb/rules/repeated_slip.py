"""repeated-slip — a task's due date was moved later again and again.

Why: the seeds' core complaint is deadlines that slip silently. One agreed new date
is planning; a date pushed back in commit after commit is a task nobody has really
re-planned. Git holds every version of the plan, so the rule counts the separate
commits (first-parent: a merged pull request counts once) that moved a task's
``due`` later, and fires when there are more than ``max_slips`` of them.
Finished and cancelled tasks are left alone.

Fires (``max_slips: 2``)::

    # commit 1: due: 2026-10-09   (created)
    # commit 2: due: 2026-10-16   slip 1
    # commit 3: due: 2026-10-30   slip 2
    # commit 4: due: 2026-11-13   slip 3 → repeated-slip on the task's due line

Fix: re-plan the task with its owner and the coordinator (scope, resources,
dependencies), record why in the weekly meeting, then set a date the team commits to.

Off when there is no git history (no repository, or a shallow clone: check out
with ``fetch-depth: 0``). Configure: ``rules: {repeated-slip: {severity: warning, max_slips: 2}}``.
"""

from __future__ import annotations

from typing import Any, Iterator

from ..check.findings import Finding, Severity
from ..check.model import KnowledgeBase
from .context import RuleContext

ID = "repeated-slip"
SEVERITY = Severity.WARNING
OPTIONS: dict[str, Any] = {"max_slips": 2}


def check(kb: KnowledgeBase, ctx: RuleContext) -> Iterator[Finding]:
    history = ctx.history
    if history is None or not history.available:
        return
    for project in kb.projects:
        for task in project.tasks:
            if task.is_closed:
                continue
            slips = history.slips(project.slug, task.id)
            if len(slips) <= ctx.options["max_slips"]:
                continue
            first = history.due_changes[(project.slug, task.id)][0].new
            dates = ", ".join(f"{s.commit.date} {s.old}→{s.new}" for s in slips)
            yield ctx.finding(project, task.source, "due", task.id, "rule.repeated_slip", task=task.id,
                              title=task.title, count=len(slips), dates=dates, first=first, due=task.due)
