"""Building a knowledge base's wiki for the site tests: a real ``mkdocs build`` in a subprocess, fixed today."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collabkb.site.plugin import CollabKBPlugin

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


def serve_build(root: Path, site: Path, *, dirty: bool = True) -> "CollabKBPlugin":
    """One build in this process as ``mkdocs serve`` makes it (``on_startup(command="serve")``), so the
    plugin instance and its caches can be reused for the next build: returns that instance."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    from collabkb.site.plugin import CollabKBPlugin

    config = load_config(config_file=str(root / "mkdocs.yml"), site_dir=str(site))
    config.plugins.on_startup(command="serve", dirty=dirty)
    build(config, dirty=dirty)
    plugin = config.plugins["collabkb"]
    assert isinstance(plugin, CollabKBPlugin)
    return plugin
