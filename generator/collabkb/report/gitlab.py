"""``--format gitlab``: a GitLab Code Quality report, so findings show in the merge-request widget.

GitLab reads a JSON array of ``{description, check_name, fingerprint, severity,
location: {path, lines: {begin}}}`` uploaded as ``artifacts: reports: codequality``.

The fingerprint is how GitLab tells a finding that is new in a merge request from
one the target branch already had, so it must not change when nothing about the
finding changed. It hashes the rule, the file, the item (task id, risk id, …) and
the message with its digits removed — never the line or column, so a task moved
down by an unrelated edit keeps its fingerprint, and never the numbers, so
"overdue by 5 days" is the same finding tomorrow as "overdue by 6 days". Two findings
that still hash alike (same rule, file, item and wording) get an occurrence number.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import Counter
from typing import TextIO

from ..check.findings import Finding, Severity
from ..check.result import Checked
from ..i18n import Messages

# Error-level findings fail the check job (they must be fixed before merging); warnings do not.
SEVERITIES = {Severity.ERROR: "critical", Severity.WARNING: "minor"}
_DIGITS = re.compile(r"\d+")


def fingerprint_key(finding: Finding) -> str:
    """What the fingerprint hashes: rule, file, item and the message without its numbers."""
    return "\0".join((finding.rule, finding.file, finding.item or "", _DIGITS.sub("#", finding.message)))


def issues(result: Checked) -> list[dict[str, object]]:
    """The report's entries, in the findings' order (file, line, rule)."""
    seen: Counter[str] = Counter()
    entries: list[dict[str, object]] = []
    for finding in result.findings:
        key = fingerprint_key(finding)
        seen[key] += 1
        if seen[key] > 1:
            key += f"\0{seen[key]}"
        entries.append({
            "description": finding.message,
            "check_name": finding.rule,
            "fingerprint": hashlib.md5(key.encode("utf-8"), usedforsecurity=False).hexdigest(),
            "severity": SEVERITIES[finding.severity],
            "location": {"path": finding.file, "lines": {"begin": max(finding.line, 1)}},
        })
    return entries


def write(result: Checked, msg: Messages, out: TextIO, *, color: bool = False) -> None:
    json.dump(issues(result), out, ensure_ascii=False, indent=2)
    out.write("\n")
