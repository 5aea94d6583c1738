"""issue-response — an open coordination issue has no decision after a day.

Why: the seeds ask the coordinator to answer a cross-department dispute within
24 hours (原则上24小时内响应): call the department heads together and record the
decision. An issue with ``status: open`` and no ``decision`` fires when it was
``raised`` more than ``days`` working days ago (default 1). As with
``risk-response``, 24 hours is read as one working day.

Fires::

    issues:
      - id: C2
        title: 样机分配争议
        departments: [市场部, 研发部]
        raised: 2026-11-13   # Fri; today 2026-11-18: 3 working days, no decision
        status: open

Fix: hold the coordination meeting and record ``decision: {date, summary,
minutes}`` (and ``status: resolved`` once it is carried out).

Configure: ``rules: {issue-response: {severity: warning, days: 1}}``.
"""

from __future__ import annotations

from typing import Any, Iterator

from ..check.findings import Finding, Severity
from ..check.model import KnowledgeBase
from .context import RuleContext

ID = "issue-response"
SEVERITY = Severity.WARNING
OPTIONS: dict[str, Any] = {"days": 1}


def check(kb: KnowledgeBase, ctx: RuleContext) -> Iterator[Finding]:
    limit = ctx.options["days"]
    for project in kb.projects:
        for issue in project.issues:
            if issue.status != "open" or issue.decision is not None:
                continue
            working = ctx.calendar.working_days_between(issue.raised, ctx.today)
            if working > limit:
                yield ctx.finding(project, issue.source, None, issue.id, "rule.issue_response",
                                  issue=issue.id, title=issue.title, raised=issue.raised, working=working,
                                  limit=limit, departments=ctx.msg("rule.list_sep").join(issue.departments))
