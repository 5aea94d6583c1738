"""rectification — a failed deliverable has no rectification, or it is past due.

Why: the seeds close the loop on acceptance: a deliverable that fails review
(验收不通过) gets a rectification (整改: what to fix, who, by when) and is
reviewed again. A deliverable with ``result: fail`` fires when it has no
``rectification``, or when ``rectification.due`` is before today and the result
is still ``fail`` (a passing re-review sets ``result: pass``).

Fires::

    deliverables:
      - id: D2
        name: 演示视频
        result: fail
        reviewed: 2026-11-10   # no rectification

Fix: add ``rectification: {actions: [..], owner, due}``; after the re-review
set ``result: pass`` (or agree a new ``due``).

Configure: ``rules: {rectification: error|warning|off}``.
"""

from __future__ import annotations

from typing import Any, Iterator

from ..check.findings import Finding, Severity
from ..check.model import KnowledgeBase
from .context import RuleContext

ID = "rectification"
SEVERITY = Severity.WARNING
OPTIONS: dict[str, Any] = {}


def check(kb: KnowledgeBase, ctx: RuleContext) -> Iterator[Finding]:
    for project in kb.projects:
        for deliverable in project.acceptance:
            if deliverable.result != "fail":
                continue
            rect = deliverable.rectification
            if rect is None:
                yield ctx.finding(project, deliverable.source, None, deliverable.id, "rule.rectification.missing",
                                  deliverable=deliverable.id, name=deliverable.name)
            elif rect.due is not None and rect.due < ctx.today:
                yield ctx.finding(project, rect.source, "due", deliverable.id, "rule.rectification.overdue",
                                  deliverable=deliverable.id, name=deliverable.name, due=rect.due,
                                  days=(ctx.today - rect.due).days, owner=rect.owner or "—")
