"""``--format json``: exactly the object of SPEC §5, sorted and stable across runs."""

from __future__ import annotations

import json
from typing import TextIO

from ..i18n import Messages
from ..check.result import Checked


def as_data(result: Checked) -> dict[str, object]:
    return {
        "today": result.today.isoformat(),
        "summary": {
            "projects": len(result.kb.projects),
            "tasks": result.kb.task_count,
            "errors": result.errors,
            "warnings": result.warnings,
        },
        "findings": [f.as_dict() for f in result.findings],
    }


def write(result: Checked, msg: Messages, out: TextIO, *, color: bool = False) -> None:
    json.dump(as_data(result), out, ensure_ascii=False, indent=2)
    out.write("\n")
