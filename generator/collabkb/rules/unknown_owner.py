"""unknown-owner — a task's owner is not a person of the project team.

Why: the owner must be someone the project can reach: a ``contact`` or
``members`` entry of ``team`` in project.yaml. A typo (张玮 for 张伟) or a person
never added to the team breaks the people pages, the per-person calendars and
the weekly risk list. The message suggests the closest team person.

Applies to every task, done ones included (the work is still attributed to
the owner). Placeholders and several names are left to ``ownerless`` and
``multiple-owners``: only one of the three fires per task.

Fires::

    # project.yaml: team: [{department: 市场部, contact: 张伟, members: [李娜]}]
    - id: T4
      owner: 张玮             # not in the team; did you mean 张伟?

Fix: correct the name, or add the person to the right department's
``members`` in project.yaml.

Configure: ``rules: {unknown-owner: error|warning|off}``.
"""

from __future__ import annotations

import difflib
from typing import Any, Iterator

from ..check.findings import Finding, Severity
from ..check.model import KnowledgeBase
from .context import RuleContext

ID = "unknown-owner"
SEVERITY = Severity.ERROR
OPTIONS: dict[str, Any] = {}


def check(kb: KnowledgeBase, ctx: RuleContext) -> Iterator[Finding]:
    for project in kb.projects:
        people = sorted(project.people)
        for task in project.tasks:
            if len(task.owners) != 1 or task.owners[0] in project.people:
                continue
            name = task.owners[0]
            close = difflib.get_close_matches(name, people, n=1, cutoff=0.5)
            hint = ctx.msg("rule.unknown_owner.hint", name=close[0]) if close else ""
            yield ctx.finding(project, task.source, "owner", task.id, "rule.unknown_owner",
                              task=task.id, title=task.title, owner=name, hint=hint)
