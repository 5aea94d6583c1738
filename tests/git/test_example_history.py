"""The example knowledge base with a replayed history: diff, drift, history, repeated-slip."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import pytest

from collabkb.check import pipeline
from collabkb.check.calendar import WorkCalendar
from collabkb.check.config import load_config
from collabkb.portfolio.drift import compute
from collabkb.git.history import read_history

from example_history import STEPS, build

SLUG = "q4-smartwatch-launch"


@pytest.fixture(scope="module")
def example(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[str]]:
    root = tmp_path_factory.mktemp("example") / "kb"
    return root, build(root)


def _current_due(root: Path, task_id: str) -> dt.date:
    return pipeline.load_knowledge_base(load_config(root)).kb.project_by_slug[SLUG].task_by_id[task_id].due


def test_diff_between_two_commits_is_an_exact_summary(example: tuple[Path, list[str]]) -> None:
    root, commits = example
    out = subprocess.run([sys.executable, "-m", "collabkb", "diff", commits[0], commits[1], str(root)], capture_output=True, text=True,
                         check=True, env={**os.environ, "COLLABKB_TODAY": "2026-11-18"}).stdout
    changes = [line for line in out.splitlines() if line.startswith("  - ")]
    assert changes == [
        "  - 任务 T7「推广物料设计制作」：截止日期 2026-11-11 → 2026-11-18，推迟 7 天（5 个工作日）",
        "  - 任务 T7「推广物料设计制作」：进度 10% → 40%",
        "  - 任务 T8「渠道资源清单与铺货计划」：状态 未开始 → 进行中",
        "  - 任务 T8「渠道资源清单与铺货计划」：进度 0% → 20%",
    ]
    assert out.startswith(f"计划变更 {commits[0]} → {commits[1]}（规则按 2026-11-18 计算）\n\n== Q4 智能手表 W3 新品上市 ({SLUG}) ==\n")


def test_due_history_and_drift_of_the_task_that_kept_slipping(example: tuple[Path, list[str]]) -> None:
    root, _ = example
    history = read_history(root)
    now = _current_due(root, "T7")
    assert [(str(c.commit.date), str(c.old), str(c.new)) for c in history.due_changes[(SLUG, "T7")]] == [
        ("2026-10-12", "None", "2026-11-11"), ("2026-10-26", "2026-11-11", "2026-11-18"),
        ("2026-11-10", "2026-11-18", "2026-11-20"), ("2026-11-16", "2026-11-20", str(now))]
    config = load_config(root)
    drift = compute(pipeline.load_knowledge_base(config).kb, history, WorkCalendar(), config.baseline, config.baselines)
    project = next(p for p in drift.projects if p.slug == SLUG)
    assert project.baseline == f"baseline/{SLUG}"
    assert drift.ranked_tasks()[0].task == "T7" and drift.ranked_tasks()[0].days == (now - dt.date(2026, 11, 11)).days
    assert [p.commit.subject for p in history.progress[SLUG]] == [subject for _, subject, _ in STEPS]


def test_repeated_slip_fires_on_the_example_history(example: tuple[Path, list[str]]) -> None:
    root, _ = example
    findings = pipeline.check(load_config(root), dt.date(2026, 11, 18)).findings
    assert [(f.project, f.item) for f in findings if f.rule == "repeated-slip"] == [(SLUG, "T7")]
