"""overloaded — one person has more tasks in progress at once than anyone can carry.

Why: the seeds give each task exactly one owner (唯一主责人); when the same name
owns task after task across projects, nothing is late yet but everything will be.
The rule counts, per person, tasks with ``status: in_progress`` across every
project and fires when the count exceeds ``max_in_progress`` (default 5).
One finding per person, at the person's entry in the team of the first project
(by folder name) where they own an in-progress task; it lists the tasks.

Fires (max_in_progress: 2)::

    # projects/a/tasks.yaml          # projects/b/tasks.yaml
    - {id: T1, owner: 张伟, status: in_progress}
    - {id: T2, owner: 张伟, status: in_progress}
                                     - {id: T7, owner: 张伟, status: in_progress}

Fix: hand a task to a teammate (change ``owner``), or agree in the weekly meeting
which tasks wait (``status: not_started`` with a later ``start``).

Configure: ``rules: {overloaded: {severity: warning, max_in_progress: 5}}``.
"""

from __future__ import annotations

from typing import Any, Iterator

from ..check.findings import Finding, Severity
from ..check.model import KnowledgeBase
from ..portfolio.people import in_progress_by_owner
from .context import RuleContext

ID = "overloaded"
SEVERITY = Severity.WARNING
OPTIONS: dict[str, Any] = {"max_in_progress": 5}


def check(kb: KnowledgeBase, ctx: RuleContext) -> Iterator[Finding]:
    limit = ctx.options["max_in_progress"]
    for person, tasks in sorted(in_progress_by_owner(kb).items()):
        if len(tasks) <= limit:
            continue
        projects = sorted({project.slug: project for project, _ in tasks}.values(), key=lambda p: p.slug)
        found = next(((p, e) for p in projects for e in p.team if person in e.people), None)
        if found is None:  # not on any team: unknown-owner reports it; there is no person to flag
            continue
        home, entry = found
        key = "contact" if entry.contact == person else "members"
        listed = ctx.msg("people.separator").join(f"{project.slug}/{task.id}" for project, task in tasks)
        yield ctx.finding(home, entry.source, key, person, "rule.overloaded",
                          facts={"person": person, "count": len(tasks)},
                          person=person, count=len(tasks), max=limit, tasks=listed)
