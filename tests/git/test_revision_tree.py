"""Old revisions are read as blobs, never written to disk: crafted git trees cannot make
``collabkb diff`` write, follow a link out of the knowledge base, or crash.

The trees are built with ``git hash-object`` and ``git mktree``, which accept what no
checkout could hold: an entry named ``..``, a folder and a symbolic link of the same
name, links leaving the repository, a link loop, names that are not UTF-8.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Union

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from collabkb.check import pipeline
from collabkb.check.config import load_config
from collabkb.check.tree import Kind
from collabkb.git.history import open_repo, read_history
from collabkb.git.revision import GitTree
from collabkb.site.pages import build_site

from gitkit import PROJECT_YAML, PlanRepo, task, tasks_yaml

# A tree spec: name (bytes, so any name fits) → file content, a link, or a subtree; a list
# of (name, spec) pairs allows the same name twice.
Link = tuple[str, bytes]  # ("link", target)
Spec = Union[bytes, Link, "Tree"]
Tree = list[tuple[bytes, Spec]]


def _git(root: Path, *args: str, stdin: bytes | None = None) -> bytes:
    return subprocess.run(["git", *args], cwd=root, input=stdin, capture_output=True, check=True).stdout


def make_tree(root: Path, entries: Tree) -> str:
    lines = b""
    for name, spec in entries:
        if isinstance(spec, bytes):
            sha = _git(root, "hash-object", "-w", "--stdin", stdin=spec).strip()
            lines += b"100644 blob " + sha + b"\t" + name + b"\n"
        elif isinstance(spec, tuple):
            sha = _git(root, "hash-object", "-w", "--stdin", stdin=spec[1]).strip()
            lines += b"120000 blob " + sha + b"\t" + name + b"\n"
        else:
            lines += b"040000 tree " + make_tree(root, spec).encode() + b"\t" + name + b"\n"
    return _git(root, "mktree", stdin=lines).decode().strip()


def crafted_commit(repo: PlanRepo, projects: Tree) -> str:
    """A commit holding the repository's mkdocs.yml and this ``projects/`` tree."""
    mkdocs = (repo.root / "mkdocs.yml").read_bytes()
    tree = make_tree(repo.root, [(b"mkdocs.yml", mkdocs), (b"projects", projects)])
    return _git(repo.root, "commit-tree", tree, "-m", "crafted").decode().strip()


VALID_PROJECT = PROJECT_YAML.format(due="2026-12-31").encode()
VALID_TASKS = tasks_yaml(task("T1", "2026-11-20")).encode()

HOSTILE: Tree = [
    (b"demo", [(b"project.yaml", VALID_PROJECT), (b"tasks.yaml", VALID_TASKS),
               (b"risks.yaml", ("link", b"../../../escaped/risks.yaml"))]),
    (b"..", [(b"evil", [(b"project.yaml", VALID_PROJECT)])]),
    (b"twin", ("link", b"/tmp")),
    (b"twin", [(b"project.yaml", VALID_PROJECT)]),
    (b"loop", ("link", b"loop")),
    (b"gone", ("link", b"nowhere")),
    (b"inside", ("link", b"demo")),
    (b"bad\xff", [(b"project.yaml", VALID_PROJECT)]),
]


def snapshot(folder: Path) -> set[str]:
    return {str(p.relative_to(folder)) for p in folder.rglob("*") if ".git" not in p.parts}


def test_a_revision_is_classified_from_the_listing_alone(repo: PlanRepo) -> None:
    repo.commit("start", "2026-11-01")
    commit = crafted_commit(repo, HOSTILE)
    git_repo = open_repo(repo.root)
    assert git_repo is not None
    tree = GitTree(git_repo, commit)

    kinds = {entry.name: (entry.kind, entry.readable) for entry in tree.entries("projects")}
    assert kinds == {
        "..": (Kind.DIR, True), "bad\\xff": (Kind.DIR, False), "demo": (Kind.DIR, True),
        "gone": (Kind.DANGLING, True), "inside": (Kind.DIR, True), "loop": (Kind.LOOP, True),
        "twin": (Kind.OUTSIDE, True),  # the link wins over the folder of the same name
    }
    assert tree.kind("projects/demo/risks.yaml") is Kind.OUTSIDE
    assert tree.kind("projects/inside/tasks.yaml") is Kind.FILE  # a link inside the root is followed
    assert tree.read("projects/inside/tasks.yaml", 1 << 20) == VALID_TASKS
    assert tree.kind("projects/nothing.yaml") is None


def test_diff_against_a_hostile_revision_writes_nothing_and_reports_every_entry(repo: PlanRepo, tmp_path: Path) -> None:
    repo.commit("start", "2026-11-01", {"projects/demo/tasks.yaml": VALID_TASKS.decode()})
    commit = crafted_commit(repo, HOSTILE)
    before = snapshot(tmp_path)

    done = subprocess.run([sys.executable, "-m", "collabkb", "diff", commit, "WORKTREE", str(repo.root), "--format", "json"],
                          cwd=repo.root, capture_output=True, check=False, env={**os.environ, "TMPDIR": str(tmp_path)})

    assert done.returncode == 0, done.stderr.decode()
    assert b"Traceback" not in done.stderr
    assert snapshot(tmp_path) == before  # no checkout, not even a temporary one
    assert not (tmp_path / "escaped").exists()
    report = json.loads(done.stdout)
    findings = [*report["resolved"], *(f for project in report["projects"] for f in project["resolved"])]
    resolved = {(f["file"], f["message"].split(":")[0]) for f in findings if f["rule"] == "reference"}
    assert resolved == {
        ("projects/demo/risks.yaml", "'risks.yaml' is a symbolic link pointing outside the knowledge base; it was not read"),
        ("projects/inside/risks.yaml", "'risks.yaml' is a symbolic link pointing outside the knowledge base; it was not read"),
        ("projects/twin", "'twin' is a symbolic link pointing outside the knowledge base; it was not read"),
        ("projects/loop", "'loop' is a symbolic link that never resolves (a loop)"),
        ("projects/gone", "'gone' is a symbolic link to nothing (its target is missing)"),
        ("projects/bad\\xff", "the name 'bad\\xff' is not UTF-8 (bytes shown as \\xNN)"),
    }


def test_non_utf8_names_anywhere_in_history_are_read_as_bytes(repo: PlanRepo) -> None:
    """A deleted project folder whose name is not UTF-8 still sits in history: check and diff read past it."""
    bad = os.fsdecode(b"projects/caf\xe9/project.yaml")
    repo.commit("start", "2026-11-01", {"projects/demo/tasks.yaml": VALID_TASKS.decode()})
    path = repo.root / bad
    path.parent.mkdir()
    path.write_bytes(VALID_PROJECT)
    first = repo.commit("a folder with a Latin-1 name", "2026-11-02")
    path.unlink()
    path.parent.rmdir()
    repo.commit("removed again", "2026-11-03")

    for args in (["check", "--format", "json"], ["diff", first, "HEAD", "--format", "json"]):
        done = subprocess.run([sys.executable, "-m", "collabkb", *args], cwd=repo.root, capture_output=True, check=False)
        assert b"Traceback" not in done.stderr, done.stderr.decode()
        json.loads(done.stdout)
    done = subprocess.run([sys.executable, "-m", "collabkb", "diff", first, "HEAD", "--format", "json"],
                          cwd=repo.root, capture_output=True, check=True)
    (gone,) = json.loads(done.stdout)["resolved"]
    assert gone["file"] == "projects/caf\\xe9" and "is not UTF-8" in gone["message"]


def test_dates_outside_the_years_in_old_versions_never_reach_the_site(repo: PlanRepo) -> None:
    """History is not validated: a 9999-12-31 committed once is skipped, not a day past the calendar's end."""
    for day, due in (("2026-11-01", "9999-12-31"), ("2026-11-02", "0001-01-01"), ("2026-11-03", "2026-11-30")):
        repo.commit(f"due {due}", day, {"projects/demo/tasks.yaml": tasks_yaml(task("T1", due))})
    config = load_config(repo.root)
    checked = pipeline.check(config, dt.date(2026, 11, 18))
    history = read_history(repo.root)
    assert [(c.old, c.new) for c in history.due_changes[("demo", "T1")]] == [
        (None, None), (None, dt.date(2026, 11, 30))]
    build_site(checked, config)


# Names git accepts in a tree and no checkout could hold, and link targets that leave, loop or dangle.
NAME = st.sampled_from([b"demo", b"..", b".", b"x", b"bad\xff", b"project.yaml", b"tasks.yaml", b"_departments.yaml"])
TARGET = st.sampled_from([b"..", b"../..", b"/etc", b"demo", b"x", b"loop", b"demo/project.yaml", b"", b"a/../../b"])
LEAF = st.one_of(st.just(VALID_PROJECT), st.just(VALID_TASKS), st.binary(max_size=20),
                 TARGET.map(lambda target: ("link", target)))
TREES = st.recursive(st.lists(st.tuples(NAME, LEAF), max_size=4),
                     lambda children: st.lists(st.tuples(NAME, st.one_of(LEAF, children)), max_size=4), max_leaves=8)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(TREES)
def test_any_tree_git_accepts_is_read_without_a_crash_or_a_write(repo: PlanRepo, tmp_path: Path, projects: Tree) -> None:
    commit = crafted_commit(repo, [(b"demo", [(b"project.yaml", VALID_PROJECT)]), *projects] if projects else [])
    before = snapshot(tmp_path)
    git_repo = open_repo(repo.root)
    assert git_repo is not None
    checked = pipeline.check(load_config(repo.root), dt.date(2026, 11, 18), tree=GitTree(git_repo, commit))
    assert all(f.line >= 1 and f.file.startswith("projects") for f in checked.findings)
    assert all(f.file.isprintable() for f in checked.findings)
    assert snapshot(tmp_path) == before


def test_changed_since_names_a_new_non_utf8_folder_as_its_finding_does(repo: PlanRepo) -> None:
    base = repo.commit("start", "2026-11-01", {"projects/demo/tasks.yaml": VALID_TASKS.decode()})
    (repo.root / os.fsdecode(b"projects/caf\xe9")).mkdir()
    (repo.root / os.fsdecode(b"projects/caf\xe9/project.yaml")).write_bytes(VALID_PROJECT)
    done = subprocess.run([sys.executable, "-m", "collabkb", "check", "--changed-since", base, "--format", "json"],
                          cwd=repo.root, capture_output=True, check=False)
    assert b"Traceback" not in done.stderr, done.stderr.decode()
    (finding,) = json.loads(done.stdout)["findings"]
    assert finding["file"] == "projects/caf\\xe9" and "is not UTF-8" in finding["message"]
