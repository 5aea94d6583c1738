"""risk-response — a high risk has no response plan after a day.

Why: the seeds give the coordinator 24 hours to produce a 风险应对方案 (measures,
owner, deadline) for every high risk. A risk with ``level: high`` and ``status:
open`` or ``mitigating`` fires when it has no ``response`` and was ``raised``
more than ``days`` working days ago (default 1). Dates carry no time of day, so
"24 hours" is read as one working day: a risk raised on Friday is fine on
Monday and fires on Tuesday; one raised before a public holiday gets the
first working day after it.

Fires::

    - id: R1
      level: high
      status: open
      raised: 2026-11-13     # Fri; today 2026-11-18 (Wed): 3 working days, no response

Fix: add ``response: {created, measures: [..], owner, due}``, or lower the
``level`` / close the risk if it no longer applies.

Configure: ``rules: {risk-response: {severity: warning, days: 1}}``.
"""

from __future__ import annotations

from typing import Any, Iterator

from ..check.findings import Finding, Severity
from ..check.model import KnowledgeBase
from .context import RuleContext

ID = "risk-response"
SEVERITY = Severity.WARNING
OPTIONS: dict[str, Any] = {"days": 1}


def check(kb: KnowledgeBase, ctx: RuleContext) -> Iterator[Finding]:
    limit = ctx.options["days"]
    for project in kb.projects:
        for risk in project.risks:
            if not risk.is_open_high or risk.response is not None:
                continue
            working = ctx.calendar.working_days_between(risk.raised, ctx.today)
            if working > limit:
                # A missing key is reported at its parent mapping: the risk itself.
                yield ctx.finding(project, risk.source, None, risk.id, "rule.risk_response",
                                  facts={"working_days": working},
                                  risk=risk.id, title=risk.title, raised=risk.raised, working=working, limit=limit)
