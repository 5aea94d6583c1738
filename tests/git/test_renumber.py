"""A task renumbered in a commit keeps its due-date history and drift: matched by an explicit
``previous_id``, else by the same title and department; a swap of ids is followed too."""

from __future__ import annotations

from pathlib import Path

from collabkb.check import pipeline
from collabkb.check.config import load_config
from collabkb.git.history import TaskState, read_history, same_tasks
from collabkb.check.calendar import WorkCalendar
from collabkb.portfolio.drift import compute

from gitkit import PlanRepo, task, tasks_yaml

TASKS = "projects/demo/tasks.yaml"


def _drift(root: Path) -> dict[str, tuple[int, int]]:
    """Task id → (drift in days, number of due-date changes in its history)."""
    config = load_config(root)
    kb = pipeline.load_knowledge_base(config).kb
    history = read_history(root, config.projects_dir, config.timezone)
    (project,) = compute(kb, history, WorkCalendar(config.holidays, config.workdays)).projects
    return {t.task: (t.days, len(t.history)) for t in project.tasks}


def test_a_task_inserted_before_others_does_not_turn_their_renumbering_into_drift(repo: PlanRepo) -> None:
    repo.commit("plan", "2026-10-01", {TASKS: tasks_yaml(task("T1", "2026-11-06", title="调研"),
                                                         task("T2", "2026-11-18", title="方案"))})
    repo.commit("a kick-off first; the others renumbered", "2026-10-08", {TASKS: tasks_yaml(
        task("T1", "2026-10-20", title="立项"), task("T2", "2026-11-06", title="调研"), task("T3", "2026-11-18", title="方案"))})
    assert _drift(repo.root) == {"T1": (0, 1), "T2": (0, 1), "T3": (0, 1)}  # by id alone: T2 would be -12 days


def test_previous_id_carries_the_history_across_a_new_title(repo: PlanRepo) -> None:
    repo.commit("plan", "2026-10-01", {TASKS: tasks_yaml(task("T1", "2026-11-06", title="调研"))})
    repo.commit("renamed and renumbered, a week later", "2026-10-08", {TASKS: tasks_yaml(
        task("T5", "2026-11-13", title="市场调研") + "    previous_id: T1\n")})
    assert _drift(repo.root) == {"T5": (7, 2)}


def test_ids_swapped_in_one_commit_keep_their_own_histories(repo: PlanRepo) -> None:
    repo.commit("plan", "2026-10-01", {TASKS: tasks_yaml(task("T1", "2026-11-06", title="调研"),
                                                         task("T2", "2026-11-18", title="方案"))})
    repo.commit("T2 slips", "2026-10-05", {TASKS: tasks_yaml(task("T1", "2026-11-06", title="调研"),
                                                             task("T2", "2026-11-25", title="方案"))})
    repo.commit("swap the ids", "2026-10-08", {TASKS: tasks_yaml(task("T1", "2026-11-25", title="方案"),
                                                                 task("T2", "2026-11-06", title="调研"))})
    assert _drift(repo.root) == {"T1": (7, 2), "T2": (0, 1)}


def test_matching_rules() -> None:
    def state(title: str | None, department: str = "市场部", previous: str | None = None) -> TaskState:
        return TaskState(None, None, None, None, title, department, previous)

    before = {"T1": state("调研"), "T2": state("方案"), "T3": state("方案", "研发部")}
    assert same_tasks(before, {"T1": state("调研（修订）")}) == {"T1": "T1"}  # title edited, id kept
    assert same_tasks(before, {"T9": state("方案", "研发部")}) == {"T9": "T3"}  # the department tells them apart
    assert same_tasks(before, {"T9": state("新任务")}) == {}  # new
    assert same_tasks(before, {"T4": state("别的", previous="T2")}) == {"T4": "T2"}
    twins = {"T1": state("周报"), "T2": state("周报")}
    assert same_tasks(twins, {"T7": state("周报")}) == {}  # ambiguous: two old tasks fit, so neither is guessed


def test_the_site_never_shows_a_commit_message_as_the_reason_for_a_new_date(repo: PlanRepo) -> None:
    from collabkb.site.pages import build_site

    repo.commit("plan", "2026-10-01", {TASKS: tasks_yaml(task("T1", "2026-11-06", title="调研"))})
    repo.commit("oops wrong file WIP", "2026-10-08", {TASKS: tasks_yaml(task("T1", "2026-11-13", title="调研"))})
    config = load_config(repo.root)
    import datetime as dt

    site = build_site(pipeline.check(config, dt.date(2026, 11, 18)), config)
    pages = {p.src_uri: p.markdown for p in site.pages}
    assert "2026-11-06 → 2026-11-13" in pages["views/drift.md"]
    assert all("oops wrong file WIP" not in text for text in pages.values())


def test_a_baseline_tag_compares_a_renumbered_task_with_itself(repo: PlanRepo) -> None:
    repo.commit("plan", "2026-10-01", {TASKS: tasks_yaml(task("T1", "2026-11-06", title="调研"),
                                                         task("T2", "2026-11-18", title="方案"))})
    repo.git("tag", "baseline/demo")
    repo.commit("a kick-off first; the others renumbered", "2026-10-08", {TASKS: tasks_yaml(
        task("T1", "2026-10-20", title="立项"), task("T2", "2026-11-06", title="调研"), task("T3", "2026-11-18", title="方案"))})
    repo.commit("调研 slips a week", "2026-10-15", {TASKS: tasks_yaml(
        task("T1", "2026-10-20", title="立项"), task("T2", "2026-11-13", title="调研"), task("T3", "2026-11-18", title="方案"))})
    assert _drift(repo.root) == {"T2": (7, 2), "T3": (0, 1)}  # T1 is new since the baseline
