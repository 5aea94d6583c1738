"""``--format json``: exactly the object of SPEC §5, sorted and stable across runs.

The bytes are those of ``json.dumps(report, ensure_ascii=False, indent=2)``,
written without its cost: with ``indent`` the standard library encodes in Python,
item by item (≈ 0.5 s for 40,000 findings); without it, in C. So the findings are
encoded in C with ``",\\n"`` between items — a raw line break, which JSON never
leaves inside a string, so every one is structural — and then indented with two
``str.replace`` passes. ``tests/report/test_json_report.py`` holds the two to the
same bytes, strings full of quotes, commas, braces and line breaks included.
"""

from __future__ import annotations

import json
from typing import Mapping, Sequence, TextIO

from ..i18n import Messages
from ..check.result import Checked

# Findings are flat objects, so after compact encoding with these separators a raw line
# break ends every value but the last of a finding (next comes a key: ``"``) or ends a
# finding (next comes the next finding: ``{``).
_FLAT = json.JSONEncoder(ensure_ascii=False, separators=(",\n", ": "))
_KEY = ",\n      "  # before the 2nd…8th key of a finding, as indent=2 puts it
_NEXT = "\n    },\n    {\n      "  # between two findings


def dumps(head: Mapping[str, object], findings: Sequence[Mapping[str, object]]) -> str:
    """``json.dumps({**head, "findings": findings}, ensure_ascii=False, indent=2)``, encoded in C;
    ``head`` is not empty and each finding is a non-empty flat object (text, numbers, null)."""
    text = json.dumps(head, ensure_ascii=False, indent=2)  # a few lines: the Python encoder is fine
    return f'{text[:-2]},\n  "findings": {_findings(findings)}\n}}'


def _findings(findings: Sequence[Mapping[str, object]]) -> str:
    """The findings list as ``indent=2`` prints it at the second level."""
    if not findings:
        return "[]"
    flat = _FLAT.encode(findings)  # [{"rule": "…",\n"severity": …},\n{…}]
    body = flat[2:-2].replace(',\n"', _KEY + '"').replace("},\n{", _NEXT)
    return "[\n    {\n      " + body + "\n    }\n  ]"


def write(result: Checked, msg: Messages, out: TextIO, *, color: bool = False) -> None:
    head = {
        "today": result.today.isoformat(),
        "summary": {
            "projects": len(result.kb.projects),
            "tasks": result.kb.task_count,
            "errors": result.errors,
            "warnings": result.warnings,
        },
    }
    out.write(dumps(head, [f.as_dict() for f in result.findings]))
    out.write("\n")
