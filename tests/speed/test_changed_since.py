"""``collabkb check --changed-since REF`` on a real git repository built in a temporary folder.

The knowledge base sits in ``kb/`` below the top of the repository, so paths
relative to the root and to the repository must not be confused.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
from pathlib import Path
from types import ModuleType

import pytest
from click.testing import CliRunner, Result

from collabkb.cli import main

TODAY = "2026-11-18"
ENV = {
    "GIT_AUTHOR_DATE": "2026-11-10T10:00:00+08:00",
    "GIT_COMMITTER_DATE": "2026-11-10T10:00:00+08:00",
    "GIT_CONFIG_NOSYSTEM": "1",
}


def git(repo: Path, *args: str) -> str:
    done = subprocess.run(["git", *args], cwd=repo, capture_output=True, text=True, check=True,
                          env={**os.environ, **ENV, "HOME": str(repo)})
    return done.stdout


@pytest.fixture
def repo(generate: ModuleType, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A repository with one commit of a three-project knowledge base in ``kb/``.

    Projects 1 and 2 of the generator request the same contested item in the same
    weeks (a cross-project resource conflict)."""
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path.parent))
    repo = tmp_path / "repo"
    generate.generate(repo / "kb", projects=3, tasks=6, seed=7)
    git(repo, "init", "-q", "-b", "main")
    git(repo, "config", "user.name", "Test")
    git(repo, "config", "user.email", "test@example.com")
    commit(repo, "knowledge base")
    return repo


def commit(repo: Path, message: str) -> None:
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", message)


def check(repo: Path, *args: str) -> Result:
    return CliRunner().invoke(main, ["check", str(repo / "kb"), "--format", "json", "--today", TODAY, *args])


def findings(result: Result) -> list[dict]:
    assert result.exit_code in (0, 1), result.output
    return json.loads(result.stdout)["findings"]


def project_dir(repo: Path, number: int) -> Path:
    return next((repo / "kb" / "projects").glob(f"p{number:04d}-*"))


def make_ownerless(tasks_file: Path) -> None:
    text = tasks_file.read_text("utf-8")
    tasks_file.write_text(re.sub(r"(?m)^(  owner: ).*$", r"\g<1>待定", text), "utf-8")  # open tasks among them fire


def rel(repo: Path, path: Path) -> str:
    return path.relative_to(repo / "kb").as_posix()


def test_nothing_changed_nothing_reported(repo: Path) -> None:
    assert findings(check(repo))  # the generated knowledge base has findings…
    result = check(repo, "--changed-since", "HEAD")
    assert findings(result) == []  # …but none belongs to an empty change
    assert result.exit_code == 0


def test_only_findings_in_edited_files(repo: Path) -> None:
    tasks = project_dir(repo, 3) / "tasks.yaml"
    make_ownerless(tasks)
    result = check(repo, "--changed-since", "HEAD")
    got = findings(result)
    assert {f["file"] for f in got} == {rel(repo, tasks)}
    assert "ownerless" in {f["rule"] for f in got}
    assert result.exit_code == 1  # ownerless is an error: the change fails CI
    everything = findings(check(repo))
    assert len(everything) > len(got)
    assert [f for f in everything if f["file"] == rel(repo, tasks)] == got  # same findings, same order


def test_committed_and_untracked_changes_count(repo: Path) -> None:
    make_ownerless(project_dir(repo, 3) / "tasks.yaml")
    commit(repo, "p3: owner unknown")
    new_project = repo / "kb" / "projects" / "p0099-new"
    new_project.mkdir()
    (new_project / "project.yaml").write_text((project_dir(repo, 1) / "project.yaml").read_text("utf-8"), "utf-8")
    (new_project / "tasks.yaml").write_text("tasks:\n  - id: T1\n    title: 新任务\n    start: 2026-11-01\n    due: 2026-11-02\n"
                                            "    owner: 待定\n", "utf-8")

    since_previous = {f["file"] for f in findings(check(repo, "--changed-since", "HEAD~1"))}
    assert rel(repo, project_dir(repo, 3) / "tasks.yaml") in since_previous
    assert "projects/p0099-new/tasks.yaml" in since_previous  # untracked files are part of the change

    since_head = {f["file"] for f in findings(check(repo, "--changed-since", "HEAD"))}
    assert since_head == {"projects/p0099-new/tasks.yaml"}


def test_measured_from_the_merge_base_not_the_tip_of_ref(repo: Path) -> None:
    git(repo, "checkout", "-q", "-b", "feature")
    make_ownerless(project_dir(repo, 3) / "tasks.yaml")
    commit(repo, "feature: p3")
    git(repo, "checkout", "-q", "main")
    make_ownerless(project_dir(repo, 1) / "tasks.yaml")
    commit(repo, "main moved on: p1")
    git(repo, "checkout", "-q", "feature")

    files = {f["file"] for f in findings(check(repo, "--changed-since", "main"))}
    assert files == {rel(repo, project_dir(repo, 3) / "tasks.yaml")}  # p1 changed on main, not in this branch


def test_resource_conflict_with_a_changed_file_is_reported_on_both_sides(repo: Path) -> None:
    changed = project_dir(repo, 2) / "coordination.yaml"
    changed.write_text(changed.read_text("utf-8") + "# 资源申请已与协调人确认\n", "utf-8")
    got = findings(check(repo, "--changed-since", "HEAD"))
    conflicts = {f["file"] for f in got if f["rule"] == "resource-conflict"}
    assert conflicts == {rel(repo, changed), rel(repo, project_dir(repo, 1) / "coordination.yaml")}
    unchanged = [f for f in got if f["file"] != rel(repo, changed)]
    assert unchanged and all(f["rule"] == "resource-conflict" for f in unchanged)


def test_folder_findings_belong_to_a_change_inside_the_folder(repo: Path) -> None:
    stray = repo / "kb" / "projects" / "p0050-draft"
    stray.mkdir()
    (stray / "tasks.yaml").write_text("tasks: []\n", "utf-8")  # no project.yaml: a finding on the folder
    got = findings(check(repo, "--changed-since", "HEAD"))
    assert [(f["file"], f["rule"]) for f in got] == [("projects/p0050-draft", "reference")]


def test_combines_with_project(repo: Path) -> None:
    make_ownerless(project_dir(repo, 3) / "tasks.yaml")
    make_ownerless(project_dir(repo, 1) / "tasks.yaml")
    slug = project_dir(repo, 1).name
    got = findings(check(repo, "--changed-since", "HEAD", "--project", slug))
    assert got and {f["project"] for f in got} == {slug}


def one_line_usage_error(result: Result, *needles: str) -> None:
    assert result.exit_code == 2, result.output
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in result.stderr
    for needle in needles:
        assert needle in lines[0]


def test_bad_ref(repo: Path) -> None:
    one_line_usage_error(check(repo, "--changed-since", "no-such-branch"), "--changed-since", "no-such-branch")


def test_not_a_repository(generate: ModuleType, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path.parent))
    root = generate.generate(tmp_path / "plain", projects=1, tasks=2)
    result = CliRunner().invoke(main, ["check", str(root), "--today", TODAY, "--changed-since", "HEAD"])
    one_line_usage_error(result, "--changed-since", str(root))


def test_git_missing(repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    empty = tmp_path / "no-git-here"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    one_line_usage_error(check(repo, "--changed-since", "HEAD"), "git")


def test_english_messages(repo: Path) -> None:
    config = repo / "kb" / "mkdocs.yml"
    config.write_text(config.read_text("utf-8").replace("language: zh\n      timezone", "language: en\n      timezone"), "utf-8")
    one_line_usage_error(check(repo, "--changed-since", "nope"), "names no commit")
