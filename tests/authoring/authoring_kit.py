"""Helpers for the authoring tests: run ``collabkb`` in-process and read its JSON findings."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Callable

from click.testing import Result

TODAY = "2026-11-18"

Run = Callable[..., Result]


def findings(run: Run, command: str, root: Path) -> list[dict]:
    """The findings of ``collabkb validate|check ROOT --format json`` for the fixed today."""
    result = run(command, str(root), "--format", "json", "--today", TODAY)
    assert result.exit_code in (0, 1), result.output
    return json.loads(result.stdout)["findings"]
