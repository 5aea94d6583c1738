"""Project health (SPEC §4), computed once from the model and the findings.

red: any overdue task or open high risk; amber: any other warning; green
otherwise. Done and cancelled projects show their status instead. The digest,
the dashboard and ``/api/projects.json`` all read this.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Iterable, Mapping

from ..check.findings import Finding, Severity
from ..i18n import Messages
from ..check.model import KnowledgeBase, Project

LEVELS = ("red", "amber", "green", "done", "cancelled")


@dataclass(frozen=True, slots=True)
class Health:
    level: str  # one of LEVELS
    reasons: tuple[str, ...]  # human-readable, in the configured language
    counts: Mapping[str, int]  # findings per rule id for this project


def project_health(project: Project, findings: Iterable[Finding], msg: Messages) -> Health:
    counts = Counter(f.rule for f in findings if f.project == project.slug)
    if project.status in ("done", "cancelled"):
        return Health(project.status, (msg(f"enum.{project.status}"),), dict(counts))
    overdue = counts.get("overdue", 0)
    high_risks = sum(1 for r in project.risks if r.level == "high" and r.is_open)
    reasons = []
    if overdue:
        reasons.append(msg("health.overdue", count=overdue))
    if high_risks:
        reasons.append(msg("health.high_risks", count=high_risks))
    others = sum(n for rule, n in counts.items() if rule != "overdue")
    if reasons:
        if others:
            reasons.append(msg("health.other", count=others))
        return Health("red", tuple(reasons), dict(counts))
    if others:
        return Health("amber", (msg("health.other", count=others),), dict(counts))
    return Health("green", (msg("health.ok"),), dict(counts))


def health_by_project(kb: KnowledgeBase, findings: Iterable[Finding], msg: Messages) -> dict[str, Health]:
    """Every project's health; findings are grouped once, not scanned per project."""
    by_project: dict[str, list[Finding]] = {}
    for finding in findings:
        if finding.project is not None and finding.severity in (Severity.WARNING, Severity.ERROR):
            by_project.setdefault(finding.project, []).append(finding)
    return {p.slug: project_health(p, by_project.get(p.slug, ()), msg) for p in kb.projects}
