"""Building a knowledge base's wiki for the site tests: a real ``mkdocs build`` in a subprocess, fixed today."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TODAY = "2026-11-18"  # the example's reference day (as in tests/conftest.py)

SITE_MKDOCS_YML = """\
site_name: hostile
theme:
  name: material
  language: zh
  font: false
plugins:
  - search:
      lang: zh
  - collabkb:
      language: zh
"""


def mkdocs_build(root: Path, out: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    """``mkdocs build`` of the knowledge base at ``root`` into ``out``, for the reference today."""
    env = {**os.environ, "COLLABKB_TODAY": TODAY, "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run([sys.executable, "-m", "mkdocs", "build", "-f", str(root / "mkdocs.yml"), "-d", str(out), *extra],
                          capture_output=True, text=True, env=env, check=False, timeout=300)
