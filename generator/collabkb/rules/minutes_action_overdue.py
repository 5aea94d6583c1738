"""minutes-action-overdue — an action item written in a project document is open past its date.

Why: the seeds want a coordination meeting to end in minutes that are
"synchronised to every side for execution" (同步各方执行), and the weekly
stand-up to follow up what was agreed. An action item in a document under
``docs/`` is a Markdown task-list line with an owner and a date; it fires when
the box is not ticked and the date is before today (an item due today is not
late). A task-list line without an owner and a date is an ordinary checklist,
never reported.

Fires::

    ---
    title: 渠道拓展协调会纪要
    date: 2026-09-01
    ---
    ### 待办事项

    - [ ] 王芳 2026-09-05 补充渠道清单    # today 2026-09-10: 5 days late
    - [x] 李娜 2026-09-03 发出会议纪要     # ticked: done

Fix: do it and tick the box (``- [x]``), or agree a new date and write it.
The owner must be a person (or department) of the project team: an unknown
owner is a ``reference`` finding.

Configure: ``rules: {minutes-action-overdue: error|warning|off}``.
"""

from __future__ import annotations

from typing import Any, Iterator

from ..check.findings import Finding, Severity
from ..check.model import KnowledgeBase
from .context import RuleContext

ID = "minutes-action-overdue"
SEVERITY = Severity.WARNING
OPTIONS: dict[str, Any] = {}


def check(kb: KnowledgeBase, ctx: RuleContext) -> Iterator[Finding]:
    for project in kb.projects:
        for document in project.documents:
            for action in document.actions:
                if action.done or action.due >= ctx.today:
                    continue
                yield ctx.finding(project, action.source, "due", None, "rule.minutes_action_overdue",
                                  text=action.text, owner=action.owner, due=action.due,
                                  days=(ctx.today - action.due).days, document=document.title)
