"""The working tree under hostile file-system shapes: any mix of folders, files, FIFOs and
symbolic links (inside, outside, dangling, looping, to a FIFO outside) is scanned and
loaded without a crash, a hang or a read outside the knowledge base."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import tempfile
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from collabkb.check import pipeline
from collabkb.check.config import load_config
from collabkb.check.tree import DiskTree, Kind, outside_root

PROJECT = "name: x\nstatus: active\n"  # content hardly matters here: the shapes around it do
NAME = st.sampled_from(["demo", "x", "project.yaml", "tasks.yaml", "risks.yaml", "_departments.yaml", ".hidden"])
TARGET = st.sampled_from(["../outside.fifo", "../../outside.fifo", "/etc/passwd", "x", "demo", "loop", "project.yaml",
                          "../demo/project.yaml", "nowhere", "."])
Node = st.recursive(
    st.one_of(st.sampled_from([("file", PROJECT), ("file", "tasks: []\n"), ("file", "x: [")]),
              st.just(("fifo", "")), TARGET.map(lambda t: ("link", t))),
    lambda children: st.dictionaries(NAME, children, max_size=4).map(lambda d: ("dir", d)), max_leaves=10)


def build(folder: Path, entries: dict[str, tuple[str, object]]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for name, (kind, value) in entries.items():
        path = folder / name  # replaces what the base knowledge base has there
        if path.is_dir() and not path.is_symlink() and kind != "dir":
            shutil.rmtree(path)
        elif path.is_symlink() or (path.exists() and not path.is_dir()):
            path.unlink()
        if kind == "dir":
            build(path, value)  # type: ignore[arg-type]
        elif kind == "file":
            path.write_text(str(value), "utf-8")
        elif kind == "fifo":
            os.mkfifo(path)
        else:
            path.symlink_to(str(value))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.dictionaries(NAME, Node, max_size=5))
def test_any_shape_under_projects_is_scanned_without_reading_outside(make_kb: Any, projects: dict[str, tuple[str, object]]) -> None:
    base = Path(tempfile.mkdtemp())
    try:
        os.mkfifo(base / "outside.fifo")  # reading it would block forever: the run finishing is the proof
        root = base / "kb"
        shutil.copytree(make_kb(), root)
        build(root / "projects", projects)
        tree = DiskTree(root)
        for path in (root / "projects").rglob("*"):
            rel = path.relative_to(root).as_posix()
            kind = tree.kind(rel)
            if kind is Kind.FILE:
                assert not outside_root(path, root)
        checked = pipeline.check(load_config(root), dt.date(2026, 11, 18))
        assert all(f.file.startswith("projects") and f.line >= 1 for f in checked.findings)
    finally:
        shutil.rmtree(base)
