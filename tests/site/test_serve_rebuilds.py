"""``mkdocs serve --dirty`` for real: one plugin instance, rebuild after rebuild, as MkDocs runs it
(the plugin defines ``on_startup``, so MkDocs keeps it and its caches between rebuilds).

After each edit — a task title, an owner, a date, a department, ``_departments.yaml``,
``mkdocs.yml`` (the site name every page shows, and a rule setting) — every generated page
and file of the dirty rebuild equals the same page of a separate ``mkdocs build`` from
scratch (a subprocess, fresh plugin), and the new text is on the pages that show it.
Hand-written pages are left out: under ``--dirty`` MkDocs renders them again only when
their own file changes (``docs/wiki.md``).
"""

from __future__ import annotations

import gc
import json
import shutil
from pathlib import Path
from typing import Callable, Iterator

import pytest
from mkdocs.config.defaults import MkDocsConfig

from collabkb.site.plugin import CollabKBPlugin
from site_build import ROOT, TODAY, mkdocs_build, serve_build

Q4 = "projects/q4-smartwatch-launch"


def _generated(root: Path, site: Path) -> dict[str, bytes]:
    """Every output file that the plugin generated (not a hand-written page, not the search index)."""
    hand_written = set()
    for page in (root / "docs").rglob("*.md"):
        rel = page.relative_to(root / "docs").with_suffix("").as_posix()
        if rel != "index":  # the home page becomes the generated dashboard
            hand_written.add(f"{rel.removesuffix('/index').removesuffix('index')}/index.html".lstrip("/"))
    out = {}
    for path in site.rglob("*"):
        rel = path.relative_to(site).as_posix()
        if not path.is_file() or rel in hand_written or rel.startswith(("search/", "assets/javascripts", "assets/stylesheets")):
            continue
        if rel.endswith((".html", ".ics", ".json", ".css", ".js")) and rel not in ("404.html", "sitemap.xml"):
            out[rel] = path.read_bytes()
    return out


def _our_search_rows(site: Path) -> list[dict[str, str]]:
    """The search index rows the plugin appended (Material indexes none of these pages)."""
    index = json.loads((site / "search" / "search_index.json").read_text("utf-8"))
    return [row for row in index["docs"] if row["location"].startswith(("projects/", "people/", "views/"))]


def _replace(root: Path, rel: str, old: str, new: str) -> None:
    path = root / rel
    text = path.read_text("utf-8")
    assert old in text, (rel, old)
    path.write_text(text.replace(old, new, 1), "utf-8")


# (what, edit, text that must now be shown, pages that must show it)
EDITS: list[tuple[str, Callable[[Path], None], str, list[str]]] = [
    ("a task title", lambda r: _replace(r, f"{Q4}/tasks.yaml", "title: 市场调研与竞品分析", "title: 市场调研改稿"),
     "市场调研改稿", [f"{Q4}/tasks/index.html"]),
    ("an owner", lambda r: _replace(r, f"{Q4}/tasks.yaml", "owner: 刘洋", "owner: 陈静"),
     "市场调研改稿", [f"{Q4}/tasks/index.html"]),
    ("a date", lambda r: _replace(r, f"{Q4}/tasks.yaml", "due: 2026-09-18", "due: 2026-09-21"),
     "2026-09-21", [f"{Q4}/tasks/index.html"]),
    ("a department", lambda r: _replace(r, f"{Q4}/tasks.yaml", "department: 市场部", "department: 销售部"),
     "市场调研改稿", [f"{Q4}/tasks/index.html"]),
    ("_departments.yaml", lambda r: _replace(r, "projects/_departments.yaml", "负责市场调研", "负责市场洞察与调研"),
     "负责市场洞察与调研", []),
    ("mkdocs.yml", lambda r: (_replace(r, "mkdocs.yml", "site_name: CollabKB 协作知识库", "site_name: 改名知识库"),
                              _replace(r, "mkdocs.yml", "threshold: 10", "threshold: 30")),
     "改名知识库", [f"{Q4}/tasks/index.html", "index.html", "views/overdue/index.html"]),
]


@pytest.fixture
def kb(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("COLLABKB_TODAY", TODAY)
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    root = tmp_path / "kb"
    shutil.copytree(ROOT / "projects", root / "projects")
    shutil.copytree(ROOT / "docs", root / "docs")
    shutil.copy(ROOT / "mkdocs.yml", root / "mkdocs.yml")
    return root


@pytest.fixture
def serving() -> Iterator[None]:
    """MkDocs keeps one plugin instance per process: hand the next test one that is not serving."""
    yield
    for plugin in MkDocsConfig.plugins.plugin_cache.values():
        if isinstance(plugin, CollabKBPlugin):
            plugin.on_startup(command="build", dirty=False)  # caches dropped, the collector as usual


def test_each_edit_shows_on_every_page_that_shows_it(kb: Path, tmp_path: Path, serving: None) -> None:
    site = tmp_path / "site"
    plugin = serve_build(kb, site)
    assert plugin.page_cache is not None and plugin.load_cache is not None  # serve keeps caches
    for n, (what, edit, text, pages) in enumerate(EDITS):
        edit(kb)
        again = serve_build(kb, site)
        assert again is plugin, what
        if what == "a task title":  # one project read again; most pages kept
            assert plugin.load_cache.stats.read == 1, plugin.load_cache.stats
            assert plugin.page_cache.stats.reused > plugin.page_cache.stats.rendered, plugin.page_cache.stats
        fresh = tmp_path / f"fresh-{n}"
        run = mkdocs_build(kb, fresh)
        assert run.returncode == 0, run.stderr
        served, built = _generated(kb, site), _generated(kb, fresh)
        assert sorted(served) == sorted(built), what
        stale = [rel for rel in built if served[rel] != built[rel]]
        assert not stale, (what, stale[:10])
        assert _our_search_rows(site) == _our_search_rows(fresh), what
        shown = [rel for rel, content in built.items() if text.encode("utf-8") in content]
        assert shown, what
        for page in pages:
            assert page in shown, (what, page)


def test_a_plain_build_keeps_no_cache() -> None:
    """``mkdocs build`` (and ``gh-deploy``) start the plugin with another command: no cache, the
    path the CLI and CI take is unchanged."""
    plugin = CollabKBPlugin()
    plugin.on_startup(command="serve", dirty=False)
    assert plugin.load_cache is not None
    plugin.on_startup(command="build", dirty=False)
    assert plugin.load_cache is None and plugin.page_cache is None and plugin.contacts_kept is None
    assert plugin.collector is None and gc.get_freeze_count() == 0
