"""Golden tests: ``collabkb check`` on the example knowledge base, every format, fixed today.

The expected outputs live in ``golden/``. After an intended change (a rule, a
message, the example data), regenerate them and review the diff before
committing::

    COLLABKB_UPDATE_GOLDEN=1 python -m pytest tests/report/test_golden.py
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from collabkb.cli import main

ROOT = Path(__file__).resolve().parents[2]
GOLDEN = Path(__file__).parent / "golden"
TODAY = "2026-11-18"
UPDATE = os.environ.get("COLLABKB_UPDATE_GOLDEN") == "1"


def run_check(fmt: str, summary: Path | None = None) -> tuple[int, str]:
    env = {"COLLABKB_TODAY": None, "NO_COLOR": "1", "GITHUB_STEP_SUMMARY": str(summary) if summary else None}
    result = CliRunner().invoke(main, ["check", str(ROOT), "--today", TODAY, "--format", fmt], env=env)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result.exit_code, result.stdout


def compare(name: str, actual: str) -> None:
    path = GOLDEN / name
    if UPDATE:
        path.write_text(actual, encoding="utf-8")
    assert path.is_file(), f"no golden {name}: run with COLLABKB_UPDATE_GOLDEN=1 and review it"
    assert actual == path.read_text(encoding="utf-8")


@pytest.mark.parametrize(("fmt", "suffix"), [("text", "txt"), ("json", "json"), ("markdown", "md")])
def test_format(fmt: str, suffix: str) -> None:
    code, output = run_check(fmt)
    compare(f"check.{suffix}", output)
    errors = json.loads(run_check("json")[1])["summary"]["errors"]
    assert code == (1 if errors else 0)


def test_github_commands_and_step_summary(tmp_path: Path) -> None:
    summary = tmp_path / "summary.md"
    summary.write_text("earlier step\n", encoding="utf-8")
    _, output = run_check("github", summary)
    compare("check.github", output)
    text = summary.read_text(encoding="utf-8")
    assert text.startswith("earlier step\n")  # appended, never overwritten
    compare("check.github-summary.md", text.removeprefix("earlier step\n"))


def test_json_is_stable_and_sorted() -> None:
    first, second = run_check("json")[1], run_check("json")[1]
    assert first == second
    findings = json.loads(first)["findings"]
    assert findings == sorted(findings, key=lambda f: (f["file"], f["line"], f["rule"], f["column"], f["item"] or "", f["message"]))
