"""The example knowledge base is the product demo: it must always validate cleanly."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_example_validates_without_findings() -> None:
    run = subprocess.run([sys.executable, "-m", "collabkb", "validate", str(ROOT), "--format", "json"],
                         capture_output=True, text=True, check=False)
    assert run.returncode == 0, run.stdout + run.stderr
    report = json.loads(run.stdout)
    assert report["findings"] == []
    assert report["summary"]["projects"] >= 5
