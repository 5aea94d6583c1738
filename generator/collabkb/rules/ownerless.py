"""ownerless — an open task has no owner.

Why: the seeds insist on one accountable person per task (唯一主责人): "多人负责
等于无人负责", and nobody at all is worse. A task that is not ``done`` or
``cancelled`` fires when ``owner`` is missing, empty, an empty list, or a
placeholder: TBD, TBA, 待定, 待分配, 未定, 无, 暂无, N/A, none, ?, - … (case and
surrounding spaces ignored; text made only of punctuation, such as ``??``,
counts too). Done and cancelled tasks are exempt: nobody needs to pick them up.

Fires::

    - id: T5
      title: 渠道铺货
      owner: 待定            # placeholder
      start: 2026-11-02
      due: 2026-11-30

Fix: name the one person accountable, a ``contact`` or ``members`` entry of the
project team: ``owner: 张伟``.

Only one of ``ownerless``, ``multiple-owners`` and ``unknown-owner`` fires per
task, in that order.

Configure: ``rules: {ownerless: error|warning|off}``.
"""

from __future__ import annotations

from typing import Any, Iterator

from ..check.findings import Finding, Severity
from ..check.model import KnowledgeBase
from .context import RuleContext

ID = "ownerless"
SEVERITY = Severity.ERROR
OPTIONS: dict[str, Any] = {}


def check(kb: KnowledgeBase, ctx: RuleContext) -> Iterator[Finding]:
    for project in kb.projects:
        for task in project.tasks:
            if task.is_closed:
                continue
            if task.owners:
                continue
            if task.owner_text:
                yield ctx.finding(project, task.source, "owner", task.id, "rule.ownerless.placeholder",
                                  task=task.id, title=task.title, owner=task.owner_text)
            else:
                yield ctx.finding(project, task.source, "owner", task.id, "rule.ownerless.missing",
                                  task=task.id, title=task.title)
