"""Small real git repositories for the history tests: fixed dates, local identity, no mocks.

``repo`` gives a ``PlanRepo``: a knowledge base in ``tmp_path`` under git, where a
test writes plan files and commits them on chosen days. Git's global and system
configuration is switched off, so the machine's settings cannot change a result.
"""

from __future__ import annotations

import os
import subprocess
import textwrap
from pathlib import Path

import pytest

MKDOCS_YML = """\
site_name: test
plugins:
  - collabkb:
      language: en
{extra}"""

PROJECT_YAML = """\
name: Demo launch
status: active
initiator:
  department: 市场部
  person: 王芳
coordinator: 王芳
start: 2026-09-01
due: {due}
goal:
  statement: launch it
team:
  - department: 市场部
    role: lead
    contact: 王芳
    members: [李娜]
  - department: 研发部
    role: support
    contact: 张伟
"""


def task(id: str, due: str, *, start: str = "2026-09-01", owner: str = "李娜", status: str = "in_progress",
         progress: int = 50, depends_on: str = "", title: str | None = None) -> str:
    """One tasks.yaml entry (the department follows the owner)."""
    department = "研发部" if owner == "张伟" else "市场部"
    lines = [f"  - id: {id}", f"    title: {title or 'Task ' + id}", f"    department: {department}",
             f"    owner: {owner}", f"    start: {start}", f"    due: {due}", f"    status: {status}",
             f"    progress: {100 if status == 'done' else progress}"]
    if status == "done":
        lines.append(f"    completed: {due}")
    if depends_on:
        lines.append(f"    depends_on: [{depends_on}]")
    return "\n".join(lines) + "\n"


def tasks_yaml(*entries: str) -> str:
    return "tasks:\n" + "".join(entries)


class PlanRepo:
    def __init__(self, root: Path) -> None:
        self.root = root
        root.mkdir(parents=True, exist_ok=True)
        self.git("init", "-q", "-b", "main")
        self.git("config", "user.name", "Test")
        self.git("config", "user.email", "test@example.com")
        self.write("mkdocs.yml", MKDOCS_YML.format(extra=""))
        self.write("projects/demo/project.yaml", PROJECT_YAML.format(due="2026-12-31"))

    def git(self, *args: str, date: str | None = None) -> str:
        env = None
        if date is not None:
            stamp = f"{date}T10:00:00+08:00"
            env = {**os.environ, "GIT_AUTHOR_DATE": stamp, "GIT_COMMITTER_DATE": stamp}
        done = subprocess.run(["git", *args], cwd=self.root, capture_output=True, text=True, check=True, env=env)
        return done.stdout.strip()

    def write(self, rel: str, text: str) -> None:
        path = self.root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")

    def commit(self, message: str, date: str, files: dict[str, str] | None = None) -> str:
        """Write ``files`` ({path: text}) and commit everything on ``date`` (10:00 in Shanghai)."""
        for rel, text in (files or {}).items():
            self.write(rel, text)
        self.git("add", "-A")
        self.git("commit", "-q", "-m", message, date=date)
        return self.git("rev-parse", "HEAD")


@pytest.fixture(autouse=True)
def isolated_git(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(tmp_path / "no-gitconfig"))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    monkeypatch.setenv("COLLABKB_TODAY", "2026-11-18")
    for name in ("GITHUB_BASE_REF", "GIT_DIR", "GIT_WORK_TREE"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def repo(tmp_path: Path) -> PlanRepo:
    return PlanRepo(tmp_path / "kb")
