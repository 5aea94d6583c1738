"""Helpers for rule tests: a one-project knowledge base from small YAML snippets.

``check_rule("lagging", {"tasks.yaml": TASKS}, today="2026-11-18")`` writes
``mkdocs.yml`` and ``projects/demo/project.yaml`` (a valid charter whose team is
王芳 and 李娜 of 市场部, 张伟 and 和平 of 研发部), adds the given files (names
without a slash go into ``projects/demo/``), runs ``pipeline.check`` for the fixed
day and returns the findings of that one rule. Any schema or reference finding
fails the test: a rule test must start from valid data.
"""

from __future__ import annotations

import datetime as dt
import textwrap
from pathlib import Path
from typing import Callable

import pytest

from collabkb.check import pipeline
from collabkb.check.config import load_config
from collabkb.check.findings import Finding

TODAY = "2026-11-18"  # a Wednesday

PROJECT = """\
name: 演示项目
status: active
initiator: {department: 市场部, person: 王芳}
coordinator: 王芳
start: 2026-09-01
due: 2026-12-31
goal: {statement: 完成演示}
team:
  - department: 市场部
    role: lead
    contact: 王芳
    members: [李娜]
  - department: 研发部
    role: support
    contact: 张伟
    members: [和平]
"""

MKDOCS = """\
site_name: test
plugins:
  - collabkb:
      language: {language}
{extra}"""


def task(id: str = "T1", **fields: object) -> str:
    """One tasks.yaml item; defaults make a valid in-progress task owned by 张伟."""
    values: dict[str, object] = {"title": f"任务{id}", "department": "研发部", "owner": "张伟",
                                 "start": "2026-11-02", "due": "2026-11-30", "status": "in_progress",
                                 "progress": 50}
    values.update(fields)
    lines = [f"  - id: {id}"]
    for key, value in values.items():
        if value is None:
            continue
        lines.append(f"    {key}: {value}")
    return "\n".join(lines) + "\n"


def tasks(*items: str) -> str:
    return "tasks:\n" + "".join(items)


CheckRule = Callable[..., list[Finding]]


@pytest.fixture
def check_rule(tmp_path: Path) -> CheckRule:
    def run(rule: str, files: dict[str, str], today: str = TODAY, language: str = "en",
            config: str = "", project: str = PROJECT) -> list[Finding]:
        root = tmp_path / "kb"
        extra = textwrap.indent(textwrap.dedent(config), " " * 6) if config else ""
        written = {"mkdocs.yml": MKDOCS.format(language=language, extra=extra),
                   "projects/demo/project.yaml": project}
        written.update({(name if "/" in name else f"projects/demo/{name}"): text for name, text in files.items()})
        for rel, text in written.items():
            path = root / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(textwrap.dedent(text), encoding="utf-8")
        result = pipeline.check(load_config(root), dt.date.fromisoformat(today))
        invalid = [f for f in result.findings if f.rule in ("yaml", "schema", "reference")]
        assert not invalid, f"fixture data is not valid: {invalid}"
        return [f for f in result.findings if f.rule == rule]

    return run
