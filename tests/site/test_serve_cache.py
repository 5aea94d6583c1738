"""``mkdocs serve``'s caches never show a stale page: after every edit, a check and a site
built with the caches kept from the previous builds equal a check and a site built from
scratch (findings with their facts, every page's Markdown, static files, the nav, the
address findings and the search entries).

The knowledge base is the example replayed into a git repository (``tests/git/example_history``),
so the drift, due-date history and progress views are in play, and a commit (a new ``HEAD``)
is one of the edits. The caches are the ones the plugin keeps (``check/load_cache.py``,
``site/page_cache.py``, ``publication.for_site``'s ``kept``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any, Callable

import pytest

from collabkb.check import pipeline, publication
from collabkb.check.config import load_config
from collabkb.check.load_cache import LoadCache
from collabkb.check.model import Project
from collabkb.check.result import Checked
from collabkb.site.fragments import Fragments
from collabkb.site.page_cache import PageCache
from collabkb.site.pages import Site, build_site

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "git"))
from example_history import build as replay_history  # noqa: E402

TODAY = dt.date(2026, 11, 18)
Q4 = "projects/q4-smartwatch-launch"


class Caches:
    def __init__(self) -> None:
        self.load = LoadCache()
        self.pages = PageCache()
        self.kept: dict[str, tuple[Project, Project]] = {}


def _build(root: Path, caches: Caches | None) -> tuple[Checked, Site]:
    config = load_config(root, root / "mkdocs.yml")
    checked = pipeline.check(config, TODAY, with_history=True, cache=caches.load if caches else None)
    shown = publication.for_site(checked, config.site, caches.kept if caches else None)
    site = build_site(shown, config, use_directory_urls=True, hand_written=["guide/start.md"], own_search=True,
                      cache=caches.pages if caches else None)
    return checked, site


def _findings(checked: Checked) -> list[Any]:
    return [(f, dict(f.facts)) for f in checked.findings]


def _assert_same(root: Path, caches: Caches, step: str) -> tuple[Checked, Site]:
    checked, site = _build(root, caches)
    fresh_checked, fresh = _build(root, None)
    assert _findings(checked) == _findings(fresh_checked), step
    pages = {p.src_uri: p for p in site.pages}
    fresh_pages = {p.src_uri: p for p in fresh.pages}
    assert sorted(pages) == sorted(fresh_pages), step
    stale = [uri for uri in pages if pages[uri] != fresh_pages[uri]]
    assert not stale, (step, stale[:10])
    assert [p.src_uri for p in site.pages] == [p.src_uri for p in fresh.pages], step  # the same order too
    assert dict(site.static) == dict(fresh.static), (step, [k for k in fresh.static if site.static.get(k) != fresh.static[k]])
    assert list(site.static) == list(fresh.static), step
    assert site.nav == fresh.nav, step
    assert site.findings == fresh.findings, step
    assert site.search == fresh.search, step
    return checked, site


def _replace(root: Path, rel: str, old: str, new: str, count: int = 1) -> None:
    path = root / rel
    text = path.read_text("utf-8")
    assert old in text, (rel, old)
    path.write_text(text.replace(old, new, count), "utf-8")


def _git(root: Path, *args: str) -> None:
    env = {**os.environ, "GIT_CONFIG_NOSYSTEM": "1", "GIT_CONFIG_GLOBAL": os.devnull,
           "GIT_AUTHOR_DATE": "2026-11-17T18:00:00+08:00", "GIT_COMMITTER_DATE": "2026-11-17T18:00:00+08:00"}
    subprocess.run(["git", "-c", "user.name=测试", "-c", "user.email=t@example.com", *args], cwd=root, env=env,
                   check=True, capture_output=True)


def _same_size_same_mtime(root: Path) -> None:
    """An edit that keeps the file's size and mtime: only its bytes tell."""
    path = root / Q4 / "tasks.yaml"
    stat = path.stat()
    text = path.read_text("utf-8")
    assert "progress: 60" in text
    path.write_text(text.replace("progress: 60", "progress: 65", 1), "utf-8")
    assert path.stat().st_size == stat.st_size
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))


def _new_project(root: Path) -> None:
    """A new project whose team has 六阳: the same pinyin as 刘洋 and an earlier code point, so
    刘洋's address becomes ``liu-yang-2`` on the pages of projects whose files did not change."""
    shutil.copytree(root / "projects" / "band-complaint-response", root / "projects" / "band-complaint-copy")
    _replace(root, "projects/band-complaint-copy/project.yaml", "name: ", "name: 副本 ")
    _replace(root, "projects/band-complaint-copy/project.yaml", "members: [吴强]", "members: [吴强, 六阳]")


def _document(root: Path) -> Path:
    return next((root / Q4 / "docs").rglob("*.md"))


EDITS: list[tuple[str, Callable[[Path], None]]] = [
    ("a task title", lambda r: _replace(r, f"{Q4}/tasks.yaml", "title: 市场调研与竞品分析", "title: 市场调研（修订）")),
    ("an owner", lambda r: _replace(r, f"{Q4}/tasks.yaml", "owner: 刘洋", "owner: 张伟")),
    ("a date", lambda r: _replace(r, f"{Q4}/tasks.yaml", "due: 2026-09-18", "due: 2026-09-21")),
    ("a department", lambda r: _replace(r, f"{Q4}/tasks.yaml", "department: 市场部", "department: 销售部")),
    ("same size and mtime", _same_size_same_mtime),
    ("_departments.yaml", lambda r: _replace(r, "projects/_departments.yaml", "head: 王芳", "head: 王芳芳")),
    ("a department added", lambda r: (r / "projects/_departments.yaml").write_text(
        (r / "projects/_departments.yaml").read_text("utf-8") + "  - name: 新部门\n    head: 赵六\n", "utf-8")),
    ("mkdocs.yml", lambda r: _replace(r, "mkdocs.yml", "threshold: 10", "threshold: 25")),
    ("a project's name", lambda r: _replace(r, "projects/key-account-huaxin/project.yaml", "name: ", "name: 改名 ")),
    ("a new project", _new_project),
    ("a document", lambda r: _document(r).write_text(_document(r).read_text("utf-8") + "\n补充一行。\n", "utf-8")),
    ("a deleted file", lambda r: (r / "projects/annual-meeting-2026/risks.yaml").unlink()),
    ("a deleted document", lambda r: _document(r).unlink()),
    ("invalid YAML", lambda r: (r / "projects/okr-2026-h2/tasks.yaml").write_text("tasks: [\n  - id: T1\n", "utf-8")),
    ("the YAML fixed", lambda r: shutil.copy(r / "tasks.okr.bak", r / "projects/okr-2026-h2/tasks.yaml")),
    ("a commit", lambda r: _git(r, "add", "-A") or _git(r, "commit", "-q", "-m", "编辑")),
    # T6 slips three times, each committed apart from its edit: the third commit alone (no file
    # changed) gives T6 a repeated-slip finding, so its rows on other pages must change too
    ("T6 slips", lambda r: _replace(r, f"{Q4}/tasks.yaml", "due: 2026-11-27", "due: 2026-11-30")),
    ("its commit", lambda r: _git(r, "commit", "-q", "-am", "T6 推迟")),
    ("T6 slips again", lambda r: _replace(r, f"{Q4}/tasks.yaml", "due: 2026-11-30", "due: 2026-12-04")),
    ("its second commit", lambda r: _git(r, "commit", "-q", "-am", "T6 再推迟")),
    ("T6 slips a third time", lambda r: _replace(r, f"{Q4}/tasks.yaml", "due: 2026-12-04", "due: 2026-12-08")),
    ("its third commit", lambda r: _git(r, "commit", "-q", "-am", "T6 三推迟")),
    ("a deleted project", lambda r: shutil.rmtree(r / "projects" / "band-complaint-copy")),
]


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    root = tmp_path / "kb"
    replay_history(root)
    shutil.copy(root / "projects/okr-2026-h2/tasks.yaml", root / "tasks.okr.bak")
    return root


def test_every_edit_gives_what_a_build_from_scratch_gives(repo: Path) -> None:
    caches = Caches()
    _assert_same(repo, caches, "first build")
    assert caches.pages.stats.reused == 0 and caches.load.stats.read > 0

    _assert_same(repo, caches, "nothing changed")  # everything reused
    assert caches.load.stats.read == 0
    assert caches.pages.stats.rendered == 0, caches.pages.stats
    for step, edit in EDITS:
        edit(repo)
        checked, site = _assert_same(repo, caches, step)
        if step == "a task title":  # one project read and rendered again, the others kept
            assert caches.load.stats.read == 1, caches.load.stats
            assert caches.pages.stats.reused > caches.pages.stats.rendered, caches.pages.stats
            # the cross-project pages are rendered again, other projects' rows are kept (fragments.py)
            rows = caches.pages.fragments
            assert rows.reused > 0 and rows.rendered > 0, (rows.reused, rows.rendered)
        if step == "a new project":
            assert any(p.src_uri == "people/liu-yang-2.md" for p in site.pages)
        slipped = [f for f in checked.findings if f.rule == "repeated-slip" and f.item == "T6"]
        assert bool(slipped) == (step == "its third commit" or step == "a deleted project"), step


def _broken_without_identity(self: Fragments, project: Project, inputs: Callable[[Project], str]) -> Any:
    """``Fragments.of`` comparing the inputs only: an edited task keeps its old row."""
    rows = self._checked.get(project.slug)
    if rows is None:
        text = inputs(project)
        entry = self._kept.get(project.slug)
        if entry is None or entry[1] != text:
            entry = self._kept[project.slug] = (project, text, {})
        rows = self._checked[project.slug] = entry[2]
    return rows


def _broken_without_inputs(self: Fragments, project: Project, inputs: Callable[[Project], str]) -> Any:
    """``Fragments.of`` comparing the project object only: findings from other projects go stale."""
    rows = self._checked.get(project.slug)
    if rows is None:
        entry = self._kept.get(project.slug)
        if entry is None or entry[0] is not project:
            entry = self._kept[project.slug] = (project, "", {})
        rows = self._checked[project.slug] = entry[2]
    return rows


_JOIN = Fragments.join


def _broken_without_page(self: Fragments, rows: Any, render: Any, key: Any, kept: Any) -> Any:
    """Row keys without the page's address: a row's relative links are reused on another page."""
    return _JOIN(self, rows, render, lambda r: key(r)[1:], kept)


@pytest.mark.parametrize("broken", [("of", _broken_without_identity), ("join", _broken_without_page)],
                         ids=["identity", "page"])
def test_a_row_key_missing_a_part_is_caught(repo: Path, monkeypatch: pytest.MonkeyPatch,
                                            broken: tuple[str, Callable[..., Any]]) -> None:
    """The edit sequence above fails when the kept rows' key leaves out any of its parts."""
    monkeypatch.setattr(Fragments, *broken)
    caches = Caches()
    with pytest.raises(AssertionError):
        _assert_same(repo, caches, "first build")
        for step, edit in EDITS:
            edit(repo)
            _assert_same(repo, caches, step)


@pytest.mark.parametrize("broken", [False, True], ids=["as-built", "without-inputs"])
def test_kept_rows_follow_findings_not_only_files(repo: Path, monkeypatch: pytest.MonkeyPatch, broken: bool) -> None:
    """A row shows its task's findings. No edit of the sequence above changes a project's findings
    without giving it a new object (a commit or an edited configuration drops every kept project),
    so the inputs part of a row's key is checked here directly: the same project objects, the
    ``overdue`` findings of one project gone. Comparing the project object alone goes stale."""
    if broken:
        monkeypatch.setattr(Fragments, "of", _broken_without_inputs)
    config = load_config(repo, repo / "mkdocs.yml")
    caches = Caches()
    checked = pipeline.check(config, TODAY, with_history=True, cache=caches.load)

    def site(checked: Checked, caches: Caches | None) -> Site:
        shown = publication.for_site(checked, config.site, caches.kept if caches else None)
        return build_site(shown, config, use_directory_urls=True, hand_written=["guide/start.md"], own_search=True,
                          cache=caches.pages if caches else None)

    site(checked, caches)
    slug = Q4.removeprefix("projects/")
    fewer = replace(checked, findings=tuple(f for f in checked.findings if not (f.project == slug and f.rule == "overdue")))
    assert len(fewer.findings) < len(checked.findings)
    kept, fresh = site(fewer, caches), site(fewer, None)
    stale = [a.src_uri for a, b in zip(kept.pages, fresh.pages) if a != b]
    assert bool(stale) == broken, stale[:5]


def test_without_caches_nothing_is_kept(repo: Path) -> None:
    """The CLI and ``mkdocs build`` pass no cache: nothing to reuse, nothing kept anywhere."""
    first = _build(repo, None)[1]
    second = _build(repo, None)[1]
    assert first.pages == second.pages


def test_events_by_department_equal_one_pass_per_department(repo: Path) -> None:
    """The department calendars' one pass gives what ``events_for(department=…)`` gives each."""
    from collabkb.report.export import events_by_department, events_for

    config = load_config(repo, repo / "mkdocs.yml")
    kb = pipeline.check(config, TODAY).kb
    grouped = events_by_department(kb, config.messages)
    names = {t.department for p in kb.projects for t in p.tasks if t.department} | {"不存在的部门"}
    assert grouped  # the example's tasks name departments
    for name in names:
        assert grouped.get(name, []) == events_for(kb, config.messages, department=name), name
