"""``mkdocs serve --dirty``: a rebuild writes again only the generated pages whose content changed.

Two builds in one process with the same plugin instance, as ``mkdocs serve`` does
(the plugin defines ``on_startup``, so MkDocs' ``plugins`` option keeps its instance
between ``load_config`` calls): the first writes everything; after one task's progress
changes, a dirty build rewrites that project's tasks page and leaves the other
project's pages alone; a normal build rewrites everything.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from site_build import TODAY, serve_build


def _stamps(site: Path) -> dict[str, int]:
    """The pages' mtimes (404.html is the theme's, written by every build)."""
    return {str(path.relative_to(site)): path.stat().st_mtime_ns for path in site.rglob("*.html")
            if path.name != "404.html"}


def _age(site: Path) -> None:
    """Set every output file's mtime well into the past, so a rewrite shows whatever the clock's resolution."""
    for path in site.rglob("*"):
        if path.is_file():
            os.utime(path, ns=(1_000_000_000, 1_000_000_000))


def _two_projects(make_kb, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, Path]:
    """A knowledge base with the projects ``demo`` and ``other``; returns it and other's project.yaml."""
    monkeypatch.setenv("COLLABKB_TODAY", TODAY)
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    root = make_kb()
    (root / "docs").mkdir(exist_ok=True)
    shutil.copytree(root / "projects" / "demo", root / "projects" / "other")
    other = root / "projects" / "other" / "project.yaml"
    other.write_text(other.read_text("utf-8").replace("name: 测试项目", "name: 另一个项目"), "utf-8")
    return root, other


def test_dirty_rebuild_rewrites_only_changed_generated_pages(make_kb, tmp_path: Path,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    root, other = _two_projects(make_kb, monkeypatch)
    site = tmp_path / "site"

    first = serve_build(root, site, dirty=True)
    changed, unrelated = "projects/demo/tasks/index.html", "projects/other/tasks/index.html"
    assert (site / changed).is_file() and (site / unrelated).is_file()
    assert "60%" in (site / changed).read_text("utf-8")

    tasks = root / "projects" / "demo" / "tasks.yaml"
    tasks.write_text(tasks.read_text("utf-8").replace("progress: 60", "progress: 75"), "utf-8")
    _age(site)
    before = _stamps(site)
    second = serve_build(root, site, dirty=True)
    assert second is first  # the instance MkDocs keeps across serve rebuilds
    after = _stamps(site)
    rewritten = {page for page, stamp in after.items() if stamp != before.get(page)}
    assert changed in rewritten
    assert "75%" in (site / changed).read_text("utf-8")
    assert unrelated not in rewritten
    assert not any(page.startswith("projects/other/") for page in rewritten), rewritten
    assert len(rewritten) < len(after) / 2, rewritten

    _age(site)  # nothing changed since: a dirty build writes no page at all
    before = _stamps(site)
    serve_build(root, site, dirty=True)
    assert _stamps(site) == before

    _age(site)  # a normal build ignores what it wrote before
    before = _stamps(site)
    serve_build(root, site, dirty=False)
    after = _stamps(site)
    assert all(after[page] != before[page] for page in before), [p for p in before if after[p] == before[p]]


def test_a_changed_nav_makes_every_generated_page_modified(make_kb, tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    """Every page embeds the nav: renaming a project rebuilds the other project's pages too."""
    root, other = _two_projects(make_kb, monkeypatch)
    site = tmp_path / "site"
    serve_build(root, site, dirty=True)
    other.write_text(other.read_text("utf-8").replace("name: 另一个项目", "name: 改名的项目"), "utf-8")
    _age(site)
    before = _stamps(site)
    serve_build(root, site, dirty=True)
    after = _stamps(site)
    assert after["projects/demo/tasks/index.html"] != before["projects/demo/tasks/index.html"]
