"""action-overdue — an improvement action from a retrospective is open past its due date.

Why: the seeds want retro actions that "can land" (可落地), each with an owner
and a date; an action nobody closes is a lesson not learned. An entry of
``retro.actions`` with ``status: open`` fires when ``due`` is before today (an
action due today is not late).

Fires::

    retro:
      actions:
        - id: A1
          action: 建立渠道周报模板
          owner: 王芳
          due: 2026-10-30    # today 2026-11-18: 19 days late
          status: open

Fix: do it and set ``status: done``, or agree a new ``due``.

Configure: ``rules: {action-overdue: error|warning|off}``.
"""

from __future__ import annotations

from typing import Any, Iterator

from ..check.findings import Finding, Severity
from ..check.model import KnowledgeBase
from .context import RuleContext

ID = "action-overdue"
SEVERITY = Severity.WARNING
OPTIONS: dict[str, Any] = {}


def check(kb: KnowledgeBase, ctx: RuleContext) -> Iterator[Finding]:
    for project in kb.projects:
        if project.retro is None:
            continue
        for action in project.retro.actions:
            if action.status != "open" or action.due >= ctx.today:
                continue
            yield ctx.finding(project, action.source, "due", action.id, "rule.action_overdue",
                              action=action.id, text=action.action, owner=action.owner, due=action.due,
                              days=(ctx.today - action.due).days)
