"""resource-conflict — the same resource is wanted twice at the same time.

Why: the seeds' 资源支持申请表 and 资源分配确认表 exist because two departments
or two projects often count on the same designer, meeting room or test line.
Across the whole knowledge base, two resource requests conflict when:

* their ``item`` is the same (case, width of spaces and surrounding spaces
  ignored: ``总部大会议室 A`` = ``总部大会议室  a``);
* neither is ``rejected`` (requested or approved);
* they are for different departments, or in different projects;
* their ``period``s overlap (both ends inclusive). A request without a
  ``period`` cannot be placed in time and is not compared.

Each request involved gets a finding at its ``period`` that names the others
(project, id, department, period) and the days they share.

Fires::

    # projects/a/coordination.yaml
    resources:
      - {id: R1, department: 市场部, type: people, item: 设计师资源, status: approved,
         period: {start: 2026-11-01, end: 2026-11-20}}
    # projects/b/coordination.yaml
    resources:
      - {id: R2, department: 品牌部, type: people, item: 设计师资源, status: requested,
         period: {start: 2026-11-15, end: 2026-11-30}}

Fix: agree in a coordination meeting who gets it when; move one ``period``,
reject one request, or name distinct items (设计师 A / 设计师 B) if there are two.

Configure: ``rules: {resource-conflict: error|warning|off}``.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any, Iterator

from ..check.findings import Finding, Severity
from ..check.model import KnowledgeBase, Project, Resource
from .context import RuleContext

ID = "resource-conflict"
SEVERITY = Severity.WARNING
OPTIONS: dict[str, Any] = {}


def item_key(item: str) -> str:
    return " ".join(item.split()).casefold()


def _overlap(a: Resource, b: Resource) -> tuple[dt.date, dt.date] | None:
    """The days both periods share (ends inclusive), if any (``check`` compares dated requests only)."""
    assert a.period_start and a.period_end and b.period_start and b.period_end
    start, end = max(a.period_start, b.period_start), min(a.period_end, b.period_end)
    return (start, end) if start <= end else None


def check(kb: KnowledgeBase, ctx: RuleContext) -> Iterator[Finding]:
    by_item: dict[str, list[tuple[Project, Resource]]] = defaultdict(list)
    for project in kb.projects:
        for resource in project.resources:
            if resource.status != "rejected" and resource.period_start and resource.period_end:
                by_item[item_key(resource.item)].append((project, resource))
    sep = ctx.msg("rule.list_sep")
    for requests in by_item.values():
        for project, resource in requests:
            others, files = [], []
            for other_project, other in requests:
                if other is resource or (other_project is project and other.department == resource.department):
                    continue
                shared = _overlap(resource, other)
                if shared is None:
                    continue
                files.append(other.source.file)
                others.append(ctx.msg("rule.resource_conflict.other", project=other_project.name, id=other.id,
                                      department=other.department, start=other.period_start, end=other.period_end,
                                      shared_start=shared[0], shared_end=shared[1]))
            if others:
                yield ctx.finding(project, resource.source, "period", resource.id, "rule.resource_conflict",
                                  facts={"with_files": tuple(dict.fromkeys(files))},
                                  id=resource.id, what=resource.item, department=resource.department,
                                  start=resource.period_start, end=resource.period_end, others=sep.join(others))
