"""The rule registry: one module per rule id, listed once in ``RULE_MODULES``.

A rule module has a docstring (its documentation: why it exists, an example
that fires, how to fix, how to configure), ``ID``, ``SEVERITY`` (default),
``OPTIONS`` (default options) and ``check(kb, ctx)``, a generator of findings.
Rules are pure: they read the model and ``ctx`` (today, calendar, options,
messages), never files or the clock. Adding a rule touches this list only.
"""

from __future__ import annotations

import datetime as dt
from types import ModuleType
from typing import TYPE_CHECKING, Any, Iterator, Mapping

from ..check.calendar import WorkCalendar
from ..check.findings import Finding, Severity
from ..i18n import Messages
from ..check.model import KnowledgeBase
from . import (
    action_overdue,
    consistency,
    issue_response,
    lagging,
    minutes_action_overdue,
    multiple_owners,
    overdue,
    overloaded,
    ownerless,
    rectification,
    repeated_slip,
    resource_conflict,
    retro_missing,
    risk_response,
    schedule,
    stale,
    unknown_owner,
)
from .context import RuleContext, RuleSetting

if TYPE_CHECKING:
    from ..git.history import History

# Checked in this order; ownerless → multiple-owners → unknown-owner must stay in order
# (at most one of them fires per task).
RULE_MODULES: tuple[ModuleType, ...] = (
    ownerless,
    multiple_owners,
    unknown_owner,
    overdue,
    lagging,
    stale,
    risk_response,
    issue_response,
    rectification,
    retro_missing,
    action_overdue,
    minutes_action_overdue,
    schedule,
    resource_conflict,
    consistency,
    overloaded,
    repeated_slip,
)

# The validation stages' rule ids: produced by load/validate/references, configurable too.
VALIDATION_RULES: Mapping[str, str] = {
    "yaml": "Unreadable file, not UTF-8, syntax error, duplicate key, anchor/alias, file too large.",
    "schema": "A file breaks its JSON Schema.",
    "reference": "Duplicate id; unknown task, department or person; dependency cycle; unknown file or folder.",
}

# Every rule's findings in one file are shown up to this many, then summed up in one
# "and N more" finding (``pipeline.capped``); the option ``max_per_file`` (0: no limit).
MAX_PER_FILE = 50

RULE_DEFAULTS: Mapping[str, tuple[Severity, Mapping[str, Any]]] = {
    **{rule_id: (Severity.ERROR, {"max_per_file": MAX_PER_FILE}) for rule_id in VALIDATION_RULES},
    **{module.ID: (module.SEVERITY, {**module.OPTIONS, "max_per_file": MAX_PER_FILE}) for module in RULE_MODULES},
}


def run_rules(kb: KnowledgeBase, *, today: dt.date, calendar: WorkCalendar,
              settings: Mapping[str, RuleSetting], msg: Messages, history: History | None = None) -> Iterator[Finding]:
    """Every enabled rule over the knowledge base, each with its configured severity and options;
    ``history`` is the plan's git history for the rules that read it (``None``: they stay silent)."""
    for module in RULE_MODULES:
        setting = settings.get(module.ID)
        severity = setting.severity if setting else module.SEVERITY
        if severity is None:  # configured off: not even run
            continue
        options = {**module.OPTIONS, **(setting.options if setting else {})}
        yield from module.check(kb, RuleContext(module.ID, severity, today, calendar, options, msg, history))


__all__ = ["MAX_PER_FILE", "RULE_MODULES", "RULE_DEFAULTS", "VALIDATION_RULES", "RuleContext", "run_rules"]
