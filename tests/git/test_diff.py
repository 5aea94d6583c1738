"""collabkb diff on a real repository: the plan changes, the findings, the three outputs."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys

import pytest
from click.testing import CliRunner

from collabkb.cli import main
from collabkb.check.calendar import WorkCalendar
from collabkb.check.config import load_config
from collabkb.git.history import open_repo
from collabkb.git.plandiff import PlanDiff, check_at, compare

from gitkit import PlanRepo, task, tasks_yaml

TASKS = "projects/demo/tasks.yaml"
RISKS = "projects/demo/risks.yaml"
COORDINATION = "projects/demo/coordination.yaml"
ACCEPTANCE = "projects/demo/acceptance.yaml"
RETRO = "projects/demo/retro.yaml"

BASE_FILES = {
    TASKS: tasks_yaml(task("T1", "2026-11-20", progress=50), task("T2", "2026-11-10", status="done"),
                      task("T3", "2026-12-10", owner="张伟", progress=10)),
    RISKS: """\
        risks:
          - {id: R1, title: Vendor late, level: medium, status: open, raised: 2026-10-01}
          - {id: R2, title: Budget cut, level: low, status: open, raised: 2026-10-01}
        """,
    COORDINATION: """\
        issues:
          - {id: I1, title: Who pays the booth, departments: [市场部, 研发部], raised: 2026-10-01, status: open}
        """,
    ACCEPTANCE: """\
        deliverables:
          - {id: D1, task: T2, name: Launch plan, result: pending}
        """,
}

HEAD_FILES = {
    TASKS: tasks_yaml(task("T1", "2026-11-27", owner="张伟", progress=70), task("T2", "2026-11-10", status="done"),
                      task("T4", "2026-12-20", title="Press kit")),
    RISKS: """\
        risks:
          - {id: R1, title: Vendor late, level: high, status: mitigating, raised: 2026-10-01,
             response: {created: 2026-11-10, measures: [second vendor], owner: 王芳, due: 2026-11-25}}
          - {id: R2, title: Budget cut, level: low, status: closed, raised: 2026-10-01}
          - {id: R3, title: Sample shortage, level: medium, status: open, raised: 2026-11-12}
        """,
    COORDINATION: """\
        issues:
          - id: I1
            title: Who pays the booth
            departments: [市场部, 研发部]
            raised: 2026-10-01
            status: resolved
            decision: {date: 2026-11-12, summary: Marketing pays}
        """,
    ACCEPTANCE: """\
        deliverables:
          - {id: D1, task: T2, name: Launch plan, result: pass, reviewed: 2026-11-12}
        """,
    RETRO: """\
        retro:
          date: 2026-11-15
          outcome: partial
        """,
}


@pytest.fixture
def two_commits(repo: PlanRepo) -> tuple[str, str]:
    base = repo.commit("plan", "2026-10-01", BASE_FILES)
    head = repo.commit("weekly update", "2026-11-16", HEAD_FILES)
    return base, head


def _diff(repo: PlanRepo, base: str, head: str | None) -> PlanDiff:
    config = load_config(repo.root)
    today = dt.date(2026, 11, 18)
    git = open_repo(repo.root)
    return compare(check_at(config, today, git, base), check_at(config, today, git, head), WorkCalendar(),
                   base=base, head=head or "WORKTREE", base_commit=base, head_commit=head)


def test_semantic_changes(repo: PlanRepo, two_commits: tuple[str, str]) -> None:
    result = _diff(repo, *two_commits)
    (project,) = result.projects
    changes = [(c.kind, c.item) for c in project.changes]
    assert changes == [
        ("due_moved", "T1"), ("owner_changed", "T1"), ("progress_changed", "T1"), ("task_added", "T4"),
        ("task_removed", "T3"), ("risk_relevelled", "R1"), ("risk_closed", "R2"), ("risk_added", "R3"),
        ("decision_recorded", "I1"), ("acceptance_result", "D1"), ("retro_added", None),
    ]
    moved = project.changes[0].values
    assert (moved["old"].isoformat(), moved["new"].isoformat(), moved["days"], moved["working"]) == ("2026-11-20", "2026-11-27", 7, 5)
    assert project.changes[1].values["old"] == "李娜" and project.changes[1].values["new"] == "张伟"
    assert project.changes[2].values["delta"] == 20


def test_findings_introduced_and_resolved(repo: PlanRepo, two_commits: tuple[str, str]) -> None:
    (project,) = _diff(repo, *two_commits).projects
    # the decision answers I1; removing T3 takes its findings with it; the new T4 brings its own
    assert [(f.rule, f.item) for f in project.resolved] == [("issue-response", "I1"), ("stale", "T3"), ("lagging", "T3")]
    assert [(f.rule, f.item) for f in project.introduced] == [("stale", "T4"), ("lagging", "T4")]
    # T1 is stale on both sides: the same finding, neither introduced nor resolved


def test_text_output_is_readable(repo: PlanRepo, two_commits: tuple[str, str]) -> None:
    base, head = two_commits
    out = CliRunner().invoke(main, ["diff", base, head, str(repo.root)])
    assert out.exit_code == 0, out.output
    assert "== Demo launch (demo) ==" in out.output
    assert '- task T1 "Task T1": due 2026-11-20 → 2026-11-27, 7 days later (5 working days)' in out.output
    assert '- task T1 "Task T1": owner 李娜 → 张伟' in out.output
    assert '- risk R1 "Vendor late": level medium → high' in out.output
    assert '- deliverable D1 "Launch plan": acceptance pending → pass' in out.output
    assert "  - retrospective added (2026-11-15, outcome partially achieved)" in out.output
    assert "resolved 3 findings:" in out.output
    assert out.output.endswith("1 project changed, 11 changes; 2 findings introduced, 3 resolved\n")


def test_markdown_is_one_comment_with_a_marker_and_escaped_text(repo: PlanRepo) -> None:
    base = repo.commit("plan", "2026-10-01", {TASKS: tasks_yaml(task("T1", "2026-11-20", title="<b>bold</b> *x*"))})
    head = repo.commit("move", "2026-10-02", {TASKS: tasks_yaml(task("T1", "2026-11-13", title="<b>bold</b> *x*"))})
    out = CliRunner().invoke(main, ["diff", base, head, str(repo.root), "--format", "markdown"])
    assert out.output.startswith("<!-- collabkb-diff -->\n### Plan changes ")
    assert '- task T1 "\\<b\\>bold\\</b\\> \\*x\\*": due 2026-11-20 → 2026-11-13, 7 days earlier (5 working days)' in out.output


def test_json_output(repo: PlanRepo, two_commits: tuple[str, str]) -> None:
    base, head = two_commits
    out = CliRunner().invoke(main, ["diff", base, head, str(repo.root), "--format", "json"])
    document = json.loads(out.output)
    assert document["base"] == {"rev": base, "commit": base} and document["today"] == "2026-11-18"
    (project,) = document["projects"]
    first = project["changes"][0]
    assert first["kind"] == "due_moved" and first["values"] == {
        "task": "T1", "title": "Task T1", "old": "2026-11-20", "new": "2026-11-27", "days": 7, "working": 5}
    assert document["summary"]["changes"] == 11 and document["summary"]["resolved"] == 3


def test_defaults_merge_base_with_main_and_the_working_tree(repo: PlanRepo) -> None:
    repo.commit("plan", "2026-10-01", {TASKS: tasks_yaml(task("T1", "2026-11-20"))})
    repo.git("checkout", "-q", "-b", "feature")
    repo.commit("branch work", "2026-10-02", {TASKS: tasks_yaml(task("T1", "2026-11-24"))})
    repo.git("checkout", "-q", "main")
    repo.commit("main moves on", "2026-10-03", {TASKS: tasks_yaml(task("T1", "2026-11-20"), task("T9", "2026-12-01"))})
    repo.git("checkout", "-q", "feature")
    repo.write(TASKS, tasks_yaml(task("T1", "2026-11-27")))  # uncommitted
    before = (repo.root / TASKS).read_bytes(), repo.git("status", "--porcelain")
    out = subprocess.run([sys.executable, "-m", "collabkb", "diff", "--format", "json"], cwd=repo.root, capture_output=True, text=True, check=True)
    document = json.loads(out.stdout)
    assert document["base"]["rev"] == "merge-base main" and document["head"]["commit"] is None
    (project,) = document["projects"]
    # the merge base is the first commit: T9 (added on main later) is not in the diff
    assert [(c["kind"], c["values"].get("old"), c["values"].get("new")) for c in project["changes"]] == [
        ("due_moved", "2026-11-20", "2026-11-27")]
    assert ((repo.root / TASKS).read_bytes(), repo.git("status", "--porcelain")) == before  # work tree untouched


def test_no_change(repo: PlanRepo) -> None:
    commit = repo.commit("plan", "2026-10-01", {TASKS: tasks_yaml(task("T1", "2026-11-20"))})
    out = CliRunner().invoke(main, ["diff", commit, "WORKTREE", str(repo.root)])
    assert out.exit_code == 0 and "No change to the plan." in out.output


def test_bad_revision_and_no_repository_are_one_line_errors(repo: PlanRepo, tmp_path) -> None:
    repo.commit("plan", "2026-10-01", {TASKS: tasks_yaml(task("T1", "2026-11-20"))})
    out = CliRunner().invoke(main, ["diff", "nope", "WORKTREE", str(repo.root)])
    assert out.exit_code == 2 and "BASE: 'nope' is not a commit" in out.output
    subprocess.run(["rm", "-rf", str(repo.root / ".git")], check=True)
    out = CliRunner().invoke(main, ["diff", "HEAD~1", "WORKTREE", str(repo.root)])
    assert out.exit_code == 2 and "not in a git repository" in out.output and "Traceback" not in out.output


def test_a_third_slip_is_an_introduced_repeated_slip(repo: PlanRepo) -> None:
    for n, due in enumerate(["2026-11-20", "2026-11-27", "2026-12-04"]):
        repo.commit(f"slip {n}", f"2026-10-0{n + 1}", {TASKS: tasks_yaml(task("T1", due))})
    base = repo.git("rev-parse", "HEAD")
    head = repo.commit("slip 3", "2026-10-04", {TASKS: tasks_yaml(task("T1", "2026-12-11"))})
    (project,) = _diff(repo, base, head).projects
    assert [(f.rule, f.item) for f in project.introduced] == [("repeated-slip", "T1")]


def test_a_committed_symlink_out_of_the_knowledge_base_is_refused_not_read(repo: PlanRepo, tmp_path) -> None:
    secret = tmp_path / "secret.yaml"
    secret.write_text("tasks: []\n", encoding="utf-8")
    base = repo.commit("plan", "2026-10-01", {TASKS: tasks_yaml(task("T1", "2026-11-20"))})
    (repo.root / "projects/demo/risks.yaml").symlink_to(secret)
    head = repo.commit("sneaky link", "2026-10-02")
    result = _diff(repo, base, head)
    (project,) = result.projects
    assert [(f.rule, f.file) for f in project.introduced] == [("reference", "projects/demo/risks.yaml")]
    assert "outside" in project.introduced[0].message
    assert project.changes == ()


def test_knowledge_base_in_a_subfolder_of_the_repository(repo: PlanRepo) -> None:
    for name in ("mkdocs.yml", "projects/demo/project.yaml"):
        repo.write(f"wiki/{name}", (repo.root / name).read_text(encoding="utf-8"))
    base = repo.commit("plan", "2026-10-01", {"wiki/" + TASKS: tasks_yaml(task("T1", "2026-11-20"))})
    head = repo.commit("move", "2026-10-02", {"wiki/" + TASKS: tasks_yaml(task("T1", "2026-11-23"))})
    out = CliRunner().invoke(main, ["diff", base, head, str(repo.root / "wiki"), "--format", "json"])
    (project,) = json.loads(out.output)["projects"]
    assert [(c["kind"], c["values"]["days"]) for c in project["changes"]] == [("due_moved", 3)]
