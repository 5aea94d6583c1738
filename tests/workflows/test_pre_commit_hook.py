"""``.pre-commit-hooks.yaml``: a ``collabkb-validate`` hook other repositories can use, and its entry works."""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
TODAY = "2026-11-18"


def hook() -> dict:
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text("utf-8"))
    assert [h["id"] for h in hooks] == ["collabkb-validate"]
    return hooks[0]


def test_manifest_has_what_pre_commit_requires() -> None:
    entry = hook()
    assert {"id", "name", "entry", "language"} <= set(entry)
    assert entry["language"] == "python"  # pre-commit pip-installs this repository into the hook's venv
    assert entry["pass_filenames"] is False  # references cross files: the whole knowledge base is validated
    scripts = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]["scripts"]
    assert shlex.split(entry["entry"])[0] in scripts


def test_files_pattern_selects_knowledge_base_files() -> None:
    pattern = re.compile(hook()["files"])
    for path in ("projects/q4-smartwatch-launch/tasks.yaml", "projects/_departments.yaml", "mkdocs.yml",
                 "schemas/tasks.schema.json", "kb/projects/demo/project.yml"):
        assert pattern.search(path), path
    for path in ("README.md", "generator/collabkb/check/load.py", "docs/guide/owner.md", "projects-notes.txt"):
        assert not pattern.search(path), path


def _run_entry(root: Path) -> subprocess.CompletedProcess:
    """The hook's entry as pre-commit runs it: in the repository root, no file names."""
    program, *args = shlex.split(hook()["entry"])
    assert program == "collabkb"  # the console script, run here through this interpreter
    return subprocess.run([sys.executable, "-m", "collabkb", *args], cwd=root, capture_output=True, text=True,
                          check=False, env={**os.environ, "COLLABKB_TODAY": TODAY})


def test_entry_passes_on_the_example_and_fails_with_the_line_on_a_broken_file(tmp_path: Path) -> None:
    assert _run_entry(ROOT).returncode == 0
    root = tmp_path / "kb"
    shutil.copytree(ROOT / "projects", root / "projects")
    shutil.copy(ROOT / "mkdocs.yml", root / "mkdocs.yml")
    tasks = root / "projects/okr-2026-h2/tasks.yaml"
    tasks.write_text(tasks.read_text("utf-8").replace("progress:", "progres:", 1), "utf-8")
    broken = _run_entry(root)
    assert broken.returncode == 1
    assert re.search(r"projects/okr-2026-h2/tasks\.yaml:\d+:\d+: error \[schema\].*progress", broken.stdout)
