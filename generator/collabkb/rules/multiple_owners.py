"""multiple-owners — a task names several owners.

Why: "多人负责等于无人负责" — the seeds ask for one accountable person per task;
other people and departments who help are ``collaborators``. Fires when
``owner`` is a list of two or more names, or text joining names with
``、 , ， / & ;`` or ``和``. ``和`` also occurs inside names (和平, 王和), so text
is split on it only when the whole text is not a team person and every part is.
A name written twice counts once.

Applies to every task, done ones included: a task's owner is also what the
people pages and per-person calendars attribute the work to.

Fires::

    - id: T2
      title: 发布会方案
      owner: 张伟、李娜       # or [张伟, 李娜], 张伟/李娜, 张伟和李娜

Fix: keep the one person accountable in ``owner``; list the others' departments
and what they do under ``collaborators: [{department, support}]``.

Configure: ``rules: {multiple-owners: error|warning|off}``.
"""

from __future__ import annotations

from typing import Any, Iterator

from ..check.findings import Finding, Severity
from ..check.model import KnowledgeBase
from .context import RuleContext

ID = "multiple-owners"
SEVERITY = Severity.ERROR
OPTIONS: dict[str, Any] = {}


def check(kb: KnowledgeBase, ctx: RuleContext) -> Iterator[Finding]:
    for project in kb.projects:
        for task in project.tasks:
            if len(task.owners) > 1:
                yield ctx.finding(project, task.source, "owner", task.id, "rule.multiple_owners",
                                  task=task.id, title=task.title, count=len(task.owners),
                                  names=ctx.msg("rule.list_sep").join(task.owners), first=task.owners[0])
