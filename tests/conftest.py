"""Shared fixtures: a tiny knowledge base written into a temporary folder.

Kept small and generic on purpose: ``make_kb`` writes ``mkdocs.yml`` and a valid
one-project knowledge base, and lets each test overwrite or add files. Subfolders
add their own fixtures in their own ``conftest.py``.
"""

from __future__ import annotations

import subprocess
import textwrap
from pathlib import Path
from typing import Callable, Union

import pytest
from hypothesis import settings

from machine_guard import GuardedPopen

# Property tests are deterministic: the same examples on every run and machine, no example
# database carried between runs (a failure is reproduced by the seed hypothesis prints).
settings.register_profile("collabkb", derandomize=True, database=None, deadline=None)
settings.load_profile("collabkb")


@pytest.fixture(autouse=True, scope="session")
def _no_tools_from_the_machine() -> object:
    """Fail a test that starts ``collabkb``/``python3``/``mkdocs`` from the machine's PATH (machine_guard.py)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(subprocess, "Popen", GuardedPopen)
        yield

MKDOCS_YML = """\
site_name: test
plugins:
  - collabkb:
      language: {language}
"""

PROJECT_YAML = """\
name: 测试项目
status: active
initiator:
  department: 市场部
  person: 王芳
coordinator: 王芳
start: 2026-09-01
due: 2026-12-31
goal:
  statement: 完成测试
team:
  - department: 市场部
    role: lead
    contact: 王芳
    members: [李娜]
  - department: 研发部
    role: support
    contact: 张伟
"""

TASKS_YAML = """\
tasks:
  - id: T1
    title: 方案
    department: 市场部
    owner: 李娜
    start: 2026-09-01
    due: 2026-09-30
    status: done
    progress: 100
    completed: 2026-09-29
  - id: T2
    title: 开发
    department: 研发部
    owner: 张伟
    start: 2026-10-01
    due: 2026-12-15
    status: in_progress
    progress: 60
    depends_on: [T1]
"""

MakeKb = Callable[..., Path]
# A file's content: text (dedented), bytes (as is), None (no such file), or a function
# of the base text at that path (see tests/hostile/edits.py).
Content = Union[str, bytes, None, Callable[[str], str]]


def _dedent(content: str | bytes) -> bytes:
    return content if isinstance(content, bytes) else textwrap.dedent(content).encode("utf-8")


@pytest.fixture
def make_kb(tmp_path: Path) -> MakeKb:
    """``make_kb({"projects/demo/tasks.yaml": "..."}, language="en")`` → the root folder.

    The base is ``mkdocs.yml`` plus ``projects/demo/{project,tasks}.yaml`` (valid);
    ``files`` overwrites, edits or adds paths (see ``Content``); ``None`` leaves a
    base file out.
    """

    def make(files: dict[str, Content] | None = None, language: str = "en") -> Path:
        root = tmp_path / "kb"
        base: dict[str, Content] = {
            "mkdocs.yml": MKDOCS_YML.format(language=language),
            "projects/demo/project.yaml": PROJECT_YAML,
            "projects/demo/tasks.yaml": TASKS_YAML,
        }
        for rel, content in (files or {}).items():
            base[rel] = content(str(base.get(rel) or "")) if callable(content) else content
        for rel, content in base.items():
            if content is None:
                continue
            path = root / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(_dedent(content))
        return root

    return make
