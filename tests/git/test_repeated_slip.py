"""repeated-slip: a due date moved later in more than N separate commits (real repositories)."""

from __future__ import annotations

import datetime as dt
import subprocess
from pathlib import Path

from collabkb.check import pipeline
from collabkb.check.config import load_config

from gitkit import MKDOCS_YML, PlanRepo, task, tasks_yaml

TASKS = "projects/demo/tasks.yaml"
TODAY = dt.date(2026, 11, 18)


def _slips(repo: PlanRepo, dues: list[str], *, status: str = "in_progress") -> None:
    for n, due in enumerate(dues):
        repo.commit(f"move T1 to {due}", f"2026-10-{n + 1:02d}",
                    {TASKS: tasks_yaml(task("T2", "2026-12-01"), task("T1", due, status=status))})


def _slip_findings(root: Path) -> list:
    return [f for f in pipeline.check(load_config(root), TODAY).findings if f.rule == "repeated-slip"]


def test_three_later_moves_fire_at_the_due_key(repo: PlanRepo) -> None:
    _slips(repo, ["2026-11-20", "2026-11-27", "2026-12-04", "2026-12-11"])
    (finding,) = _slip_findings(repo.root)
    assert (finding.file, finding.line, finding.column, finding.item, finding.severity.value) == (TASKS, 15, 5, "T1", "warning")
    assert "3 separate commits" in finding.message
    assert "2026-10-02 2026-11-20→2026-11-27" in finding.message
    assert "first planned 2026-11-20, now 2026-12-11" in finding.message


def test_two_later_moves_and_an_earlier_one_do_not_fire(repo: PlanRepo) -> None:
    _slips(repo, ["2026-11-20", "2026-11-27", "2026-11-25", "2026-12-04"])  # later, earlier, later
    assert _slip_findings(repo.root) == []


def test_max_slips_is_configurable(repo: PlanRepo) -> None:
    repo.write("mkdocs.yml", MKDOCS_YML.format(extra="      rules:\n        repeated-slip: {max_slips: 1}\n"))
    _slips(repo, ["2026-11-20", "2026-11-27", "2026-12-04"])
    assert [f.item for f in _slip_findings(repo.root)] == ["T1"]


def test_off_turns_it_off(repo: PlanRepo) -> None:
    repo.write("mkdocs.yml", MKDOCS_YML.format(extra="      rules:\n        repeated-slip: off\n"))
    _slips(repo, ["2026-11-20", "2026-11-27", "2026-12-04", "2026-12-11"])
    assert _slip_findings(repo.root) == []


def test_finished_tasks_are_left_alone(repo: PlanRepo) -> None:
    _slips(repo, ["2026-11-02", "2026-11-04", "2026-11-06", "2026-11-10"], status="done")
    assert _slip_findings(repo.root) == []


def test_silent_without_history(repo: PlanRepo, tmp_path: Path) -> None:
    _slips(repo, ["2026-11-20", "2026-11-27", "2026-12-04", "2026-12-11"])
    clone = tmp_path / "shallow"
    subprocess.run(["git", "clone", "-q", "--depth", "1", f"file://{repo.root}", str(clone)], check=True)
    assert _slip_findings(clone) == []
    subprocess.run(["rm", "-rf", str(repo.root / ".git")], check=True)
    assert _slip_findings(repo.root) == []
