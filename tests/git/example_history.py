"""A believable plan history for the example knowledge base, replayed into a new repository.

The example lives in this repository's own history, which is not rewritten for a demo.
Instead this module copies today's example into a fresh repository as a series of
dated commits that end in exactly today's files: the Q4 smartwatch launch is planned
in October, promotion material (T7) slips three times, the channel plan (T8) once,
and progress creeps up week by week. The tests and the build-time measurement use it;
``python tests/git/example_history.py DEST`` makes one to browse or build.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

EXAMPLE = Path(__file__).resolve().parents[2]
Q4 = "projects/q4-smartwatch-launch/tasks.yaml"

# (date, subject, {task id: {field: value}}): each commit's differences from today's file.
STEPS: list[tuple[str, str, dict[str, dict[str, str]]]] = [
    ("2026-10-12", "Q4 智能手表上市：计划评审通过", {
        "T5": {"status": "not_started", "progress": "0"}, "T6": {"status": "not_started", "progress": "0"},
        "T7": {"due": "2026-11-11", "progress": "10"}, "T8": {"due": "2026-11-06", "status": "not_started", "progress": "0"},
        "T9": {"status": "not_started", "progress": "0"}}),
    ("2026-10-26", "周会：推广物料供应商报价延迟，T7 顺延一周", {
        "T5": {"status": "not_started", "progress": "0"}, "T6": {"status": "not_started", "progress": "0"},
        "T7": {"due": "2026-11-18", "progress": "40"}, "T8": {"due": "2026-11-06", "progress": "20"},
        "T9": {"status": "not_started", "progress": "0"}}),
    ("2026-11-05", "周会：渠道清单待大客户确认，T8 顺延一周", {
        "T5": {"progress": "40"}, "T6": {"status": "not_started", "progress": "0"},
        "T7": {"due": "2026-11-18", "progress": "70"}, "T8": {"due": "2026-11-13", "progress": "50"},
        "T9": {"progress": "30"}}),
    ("2026-11-10", "T7 主视觉返工，物料交付顺延", {
        "T5": {"progress": "70"}, "T6": {"progress": "20"}, "T7": {"due": "2026-11-20", "progress": "70"},
        "T8": {"progress": "60"}, "T9": {"progress": "30"}}),
    ("2026-11-16", "周会：T7 印刷排期再推后；每日进度更新", {}),
]


def edit_tasks(text: str, changes: dict[str, dict[str, str]]) -> str:
    """``text`` with some fields of some tasks replaced (each task block: from its ``- id:`` line)."""
    blocks = re.split(r"(?m)^(?=  - id: )", text)
    out = []
    for block in blocks:
        match = re.match(r"  - id: (\S+)", block)
        for field, value in changes.get(match.group(1), {}).items() if match else ():
            block, count = re.subn(rf"(?m)^(    {field}: ).*$", lambda m: m.group(1) + value, block, count=1)
            assert count == 1, (match.group(1), field)
        out.append(block)
    return "".join(out)


def build(dest: Path, source: Path = EXAMPLE) -> list[str]:
    """A repository at ``dest`` whose last commit is the example as it is now; its commit ids."""
    shutil.copytree(source / "projects", dest / "projects")
    shutil.copy(source / "mkdocs.yml", dest / "mkdocs.yml")
    if (source / "docs").is_dir():
        shutil.copytree(source / "docs", dest / "docs")
    today = (dest / Q4).read_text("utf-8")
    env = {**os.environ, "GIT_CONFIG_NOSYSTEM": "1", "GIT_CONFIG_GLOBAL": os.devnull}

    def git(*args: str, date: str | None = None) -> str:
        extra = {"GIT_AUTHOR_DATE": f"{date}T18:00:00+08:00", "GIT_COMMITTER_DATE": f"{date}T18:00:00+08:00"} if date else {}
        done = subprocess.run(["git", "-c", "user.name=协调人 吴强", "-c", "user.email=wuqiang@example.com", *args],
                              cwd=dest, env={**env, **extra}, capture_output=True, text=True, check=True)
        return done.stdout.strip()

    git("init", "-q", "-b", "main")
    commits = []
    for n, (date, subject, changes) in enumerate(STEPS):
        (dest / Q4).write_text(edit_tasks(today, changes), "utf-8")
        git("add", "-A")
        git("commit", "-q", "-m", subject, date=date)
        commits.append(git("rev-parse", "HEAD"))
        if n == 0:
            git("tag", "baseline/q4-smartwatch-launch")
    return commits


if __name__ == "__main__":
    print("\n".join(build(Path(sys.argv[1]))))
