"""Project health: red (overdue or open high risk), amber (any other finding), green; closed show status."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from collabkb.check import pipeline
from collabkb.check.config import load_config
from collabkb.portfolio.view import Portfolio

PROJECT = """\
name: 健康度
status: {status}
initiator: {{department: 市场部, person: 王芳}}
coordinator: 王芳
start: 2026-09-01
due: 2026-12-31
{completed}goal: {{statement: 测试}}
team:
  - {{department: 市场部, role: lead, contact: 王芳}}
"""

ON_TRACK = "  - {id: T1, title: 正常, owner: 王芳, start: 2026-11-01, due: 2026-11-30, status: in_progress, progress: 60, updates: [{date: 2026-11-17}]}\n"
LATE = "  - {id: T2, title: 逾期, owner: 王芳, start: 2026-11-01, due: 2026-11-10, status: in_progress, progress: 60, updates: [{date: 2026-11-17}]}\n"
LAGGING = "  - {id: T3, title: 滞后, owner: 王芳, start: 2026-11-01, due: 2026-11-30, status: in_progress, progress: 10, updates: [{date: 2026-11-17}]}\n"
HIGH_RISK = "risks:\n  - {id: R1, title: 高风险, level: high, status: mitigating, raised: 2026-11-17}\n"


def health(tmp_path: Path, tasks: str, risks: str = "", status: str = "active") -> tuple[str, tuple[str, ...]]:
    folder = tmp_path / "projects" / "p"
    folder.mkdir(parents=True)
    (tmp_path / "mkdocs.yml").write_text("site_name: t\nplugins:\n  - collabkb:\n      language: en\n", "utf-8")
    completed = "completed: 2026-11-17\n" if status == "done" else ""
    (folder / "project.yaml").write_text(PROJECT.format(status=status, completed=completed), "utf-8")
    (folder / "tasks.yaml").write_text("tasks:\n" + tasks, "utf-8")
    if risks:
        (folder / "risks.yaml").write_text(risks, "utf-8")
    config = load_config(tmp_path)
    result = pipeline.check(config, dt.date(2026, 11, 18))
    h = Portfolio.build(result, config.messages).by_slug["p"].health
    return h.level, tuple(r.text for r in h.reasons)


def test_green_when_nothing_is_wrong(tmp_path: Path) -> None:
    assert health(tmp_path, ON_TRACK) == ("green", ("on track",))


def test_red_on_an_overdue_task(tmp_path: Path) -> None:
    assert health(tmp_path, ON_TRACK + LATE) == ("red", ("1 overdue task",))


def test_red_on_an_open_high_risk_even_with_a_response_pending(tmp_path: Path) -> None:
    assert health(tmp_path, ON_TRACK, HIGH_RISK) == ("red", ("1 open high risk",))


def test_amber_on_any_other_warning(tmp_path: Path) -> None:
    assert health(tmp_path, ON_TRACK + LAGGING) == ("amber", ("1 other finding",))


def test_red_lists_the_other_findings_too(tmp_path: Path) -> None:
    assert health(tmp_path, LATE + LAGGING) == ("red", ("1 overdue task", "1 other finding"))


@pytest.mark.parametrize("status", ["done", "cancelled"])
def test_closed_projects_show_their_status(tmp_path: Path, status: str) -> None:
    done_task = ON_TRACK.replace("in_progress", "done").replace("60", "100, completed: 2026-11-10")
    # A cancelled project with late work still shows "cancelled", not red.
    level, _ = health(tmp_path, LATE if status == "cancelled" else done_task, status=status)
    assert level == status


def test_every_finding_of_a_project_is_in_exactly_one_reason(tmp_path: Path) -> None:
    (tmp_path / "mkdocs.yml").write_text("site_name: t\nplugins:\n  - collabkb:\n      language: en\n", "utf-8")
    folder = tmp_path / "projects" / "p"
    folder.mkdir(parents=True)
    (folder / "project.yaml").write_text(PROJECT.format(status="active", completed=""), "utf-8")
    (folder / "tasks.yaml").write_text("tasks:\n" + LATE + LAGGING + LAGGING.replace("T3", "T4"), "utf-8")
    (folder / "risks.yaml").write_text(HIGH_RISK, "utf-8")
    config = load_config(tmp_path)
    result = pipeline.check(config, dt.date(2026, 11, 18))
    h = Portfolio.build(result, config.messages).by_slug["p"].health
    counted = [f for reason in h.reasons for f in reason.findings]
    assert sorted(counted, key=repr) == sorted(result.findings, key=repr) and len(counted) == 3
    assert [r.key for r in h.reasons] == ["overdue", "high_risks", "other"]
