"""Knowledge bases the CI tests run the workflows' commands on (copies, so each module may write into them)."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def example(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the example knowledge base (the product demo, with deliberate error-level findings)."""
    root = tmp_path_factory.mktemp("example")
    for name in ("projects", "docs"):
        shutil.copytree(ROOT / name, root / name)
    shutil.copy(ROOT / "mkdocs.yml", root / "mkdocs.yml")
    return root


def _git(root: Path, *args: str) -> str:
    env = {**os.environ, "GIT_AUTHOR_DATE": "2026-11-16T10:00:00+08:00", "GIT_COMMITTER_DATE": "2026-11-16T10:00:00+08:00"}
    run = subprocess.run(["git", "-c", "user.name=Test", "-c", "user.email=test@example.com", *args],
                         cwd=root, env=env, capture_output=True, text=True, check=True)
    return run.stdout.strip()


@pytest.fixture(scope="module")
def moved(example: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """A git repository of the example whose last commit moves T8's due date (11-13 → 11-27), and the commit before."""
    root = tmp_path_factory.mktemp("moved") / "kb"
    shutil.copytree(example / "projects", root / "projects")
    shutil.copy(example / "mkdocs.yml", root / "mkdocs.yml")
    _git(root, "init", "-q", "-b", "main")
    _git(root, "add", "-A")
    _git(root, "commit", "-q", "-m", "plan")
    base = _git(root, "rev-parse", "HEAD")
    tasks = root / "projects/q4-smartwatch-launch/tasks.yaml"
    tasks.write_text(tasks.read_text("utf-8").replace("due: 2026-11-13", "due: 2026-11-27", 1), "utf-8")
    _git(root, "commit", "-q", "-am", "T8: new due date")
    return root, base
