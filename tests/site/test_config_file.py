"""``mkdocs build -f site-en.yml`` reads that file's ``collabkb`` block (before: always mkdocs.yml)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from site_build import SITE_MKDOCS_YML, TODAY


def test_the_plugin_reads_the_config_file_mkdocs_was_given(make_kb, tmp_path: Path) -> None:
    root = make_kb({"mkdocs.yml": SITE_MKDOCS_YML}, language="zh")
    (root / "docs").mkdir()
    (root / "site-en.yml").write_text(SITE_MKDOCS_YML.replace("language: zh", "language: en"), "utf-8")
    env = {**os.environ, "COLLABKB_TODAY": TODAY, "NO_MKDOCS_2_WARNING": "1"}
    run = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-f", str(root / "site-en.yml"), "-d", str(tmp_path / "out")],
                         capture_output=True, text=True, env=env, check=False, timeout=300, cwd=root)
    assert run.returncode == 0, run.stderr
    home = (tmp_path / "out" / "index.html").read_text("utf-8")
    assert "Needs attention" in home and "需要关注" not in home
