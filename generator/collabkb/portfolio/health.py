"""Project health (SPEC §4), computed once from the model and the project's findings.

red: any overdue task or open high risk; amber: any other finding; green
otherwise. Done and cancelled projects show their status instead. Every finding
of the project is counted in exactly one reason: ``overdue`` findings in the
overdue reason, every other one in "other problems" (the open high risks reason
counts risks of the register, not findings). The dashboard, the digest and
``/api/projects.json`` all read this.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Iterable, Mapping

from ..check.findings import Finding
from ..check.model import Project
from ..i18n import Messages

LEVELS = ("red", "amber", "green", "done", "cancelled")


@dataclass(frozen=True, slots=True)
class Reason:
    """One reason for a health level, in the configured language, with the findings it counts."""

    key: str  # overdue | high_risks | other | ok | done | cancelled
    text: str
    findings: tuple[Finding, ...] = ()

    def __str__(self) -> str:
        return self.text


@dataclass(frozen=True, slots=True)
class Health:
    level: str  # one of LEVELS
    reasons: tuple[Reason, ...]
    counts: Mapping[str, int]  # findings per rule id for this project


def project_health(project: Project, findings: Iterable[Finding], msg: Messages) -> Health:
    """``findings``: the project's own (every severity; validation findings count as "other")."""
    mine = tuple(findings)
    counts = dict(Counter(f.rule for f in mine))
    if project.status in ("done", "cancelled"):
        return Health(project.status, (Reason(project.status, msg(f"enum.{project.status}"), mine),), counts)
    overdue = tuple(f for f in mine if f.rule == "overdue")
    others = tuple(f for f in mine if f.rule != "overdue")
    high_risks = sum(1 for r in project.risks if r.is_open_high)
    reasons = []
    if overdue:
        reasons.append(Reason("overdue", msg("health.overdue", count=len(overdue)), overdue))
    if high_risks:
        reasons.append(Reason("high_risks", msg("health.high_risks", count=high_risks)))
    if others:
        reasons.append(Reason("other", msg("health.other", count=len(others)), others))
    if overdue or high_risks:
        return Health("red", tuple(reasons), counts)
    if others:
        return Health("amber", tuple(reasons), counts)
    return Health("green", (Reason("ok", msg("health.ok")),), counts)
