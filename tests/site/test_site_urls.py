"""No page replaces another: names from the data never take an address the site uses.

A person or department called ``index`` would have replaced the people or departments
overview; a project folder ``active`` the list of active projects (with more projects
than the nav lists). ``UrlSpace`` reserves the site's pages, suffixes the name and
says so with a ``reference`` warning at the line where the name was written.
The property test builds sites in memory from names hypothesis makes up.
"""

from __future__ import annotations

import datetime as dt
import json
import tempfile
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from collabkb.check import pipeline
from collabkb.check.config import load_config
from collabkb.i18n import Messages
from collabkb.portfolio.people import base_slug
from collabkb.site import pages
from collabkb.site.render import page_url
from collabkb.site.urls import UrlSpace, Where

from site_build import SITE_MKDOCS_YML, mkdocs_build

TODAY = dt.date(2026, 11, 18)
SITE_WORDS = ["index", "Index", "INDEX", "active", "done", "proposed", "cancelled", "overdue", "people", "department",
              "departments", "calendar", "api", "assets", "search", "views", "projects", "index-2"]


def test_a_claim_on_a_reserved_address_gets_a_suffix_and_a_collision() -> None:
    space = UrlSpace(use_directory_urls=True)
    space.reserve("people/index.md", "人员")
    assert space.claim("people", "index", "index", Where("projects/a/project.yaml", (20, 7), "a")) == "index-2"
    assert space.claim("people", "index-2", "Index-2") == "index-2-2"  # the suffix is taken too
    assert space.claim("people", "zhang-wei", "张伟") == "zhang-wei"
    (finding, second) = space.findings(Messages("en"))
    assert (finding.file, finding.line, finding.column, finding.rule, finding.project) == (
        "projects/a/project.yaml", 20, 7, "reference", "a")
    assert "/people/index-2/" in finding.message and "/people/" in finding.message
    assert second.item == "Index-2"


def test_directory_urls_and_case_make_two_paths_one_address() -> None:
    space = UrlSpace(use_directory_urls=True)
    space.reserve("projects/active/index.md", "项目 active")
    assert space.claim("projects", "active", "进行中") == "active-2"  # projects/active.md → /projects/active/
    assert space.claim("projects", "Done", "x") == "Done"
    assert space.claim("projects", "done", "y") == "done-2"  # a case-insensitive file system would merge them
    flat = UrlSpace(use_directory_urls=False)
    flat.reserve("projects/active/index.md", "项目 active")
    assert flat.claim("projects", "active", "进行中") == "active"  # active.html and active/index.html differ


def _project(slug: str, status: str, team: list[tuple[str, str, list[str]]]) -> str:
    people = [name for _, contact, members in team for name in (contact, *members)]
    lines = [f"name: {json.dumps('项目 ' + slug)}", f"status: {status}",
             f"initiator: {{department: {json.dumps(team[0][0])}, person: {json.dumps(people[0])}}}",
             f"coordinator: {json.dumps(people[0])}", "start: 2026-09-01", "due: 2026-12-31",
             "goal: {statement: 目标}", "team:"]
    for role, (department, contact, members) in zip(["lead", *["support"] * len(team)], team):
        lines += [f"  - department: {json.dumps(department)}", f"    role: {role}", f"    contact: {json.dumps(contact)}",
                  f"    members: {json.dumps(members, ensure_ascii=False)}"]
    return "\n".join(lines) + "\n"


def _site(root: Path, projects: dict[str, str], monkeypatch: pytest.MonkeyPatch, limit: int = 0,
          hand_written: tuple[str, ...] = ()) -> pages.Site:
    (root / "mkdocs.yml").write_text(SITE_MKDOCS_YML, "utf-8")
    for slug, text in projects.items():
        (root / "projects" / slug).mkdir(parents=True)
        (root / "projects" / slug / "project.yaml").write_text(text, "utf-8")
    config = load_config(root)
    monkeypatch.setattr(pages, "NAV_PROJECT_LIMIT", limit)  # status list pages from the first project on
    return pages.build_site(pipeline.check(config, TODAY), config, hand_written=hand_written)


def _addresses(site: pages.Site) -> list[str]:
    uris = [p.src_uri for p in site.pages] + list(site.static)
    return [page_url(uri, True).rstrip("/").casefold() for uri in uris]


def test_a_person_and_a_department_called_index_leave_the_overviews_alone(tmp_path: Path, monkeypatch) -> None:
    team = [("index", "index", ["Index"]), ("市场部", "王芳", [])]
    site = _site(tmp_path, {"demo": _project("demo", "active", team)}, monkeypatch, limit=40)
    titles = {p.src_uri: p.title for p in site.pages}
    assert titles["people/index.md"] != "index" and titles["views/departments/index.md"] != "index"
    assert titles["people/index-2.md"] in ("index", "Index") and titles["views/departments/index-2.md"] == "index"
    assert sorted(f.item for f in site.findings) == ["Index", "index", "index"]
    assert all(f.rule == "reference" and f.file == "projects/demo/project.yaml" for f in site.findings)
    person = next(f for f in site.findings if f.item == "Index")
    assert (person.line, person.column) == (12, 15)  # the members list item
    assert len(_addresses(site)) == len(set(_addresses(site)))
    project_page = next(p.markdown for p in site.pages if p.src_uri == "projects/demo/index.md")
    assert "/people/index-2/" in project_page and "/views/departments/index-2/" in project_page


def test_a_hand_written_page_keeps_its_address_and_the_person_moves(tmp_path: Path, monkeypatch) -> None:
    site = _site(tmp_path, {"demo": _project("demo", "active", [("市场部", "王芳", [])])}, monkeypatch, limit=40,
                 hand_written=("people/wang-fang.md", "guide/index.md"))
    assert {p.src_uri: p.title for p in site.pages}["people/wang-fang-2.md"] == "王芳"
    (finding,) = site.findings
    assert "docs/people/wang-fang.md" in finding.message and (finding.line, finding.column) == (11, 5)  # at contact:


def test_a_project_folder_named_like_a_status_keeps_its_address(tmp_path: Path, monkeypatch) -> None:
    team = [("市场部", "王芳", [])]
    site = _site(tmp_path, {"active": _project("active", "done", team), "other": _project("other", "active", team)},
                 monkeypatch)
    uris = {p.src_uri: p.title for p in site.pages}
    assert uris["projects/active/index.md"] and "projects/active-2.md" in uris and "projects/active.md" not in uris
    (finding,) = site.findings
    assert finding.file == "projects/active/project.yaml" and finding.project == "active"
    assert "/projects/active-2/" in finding.message
    assert "projects/active-2.md" in json.dumps(site.nav, ensure_ascii=False)


names = st.one_of(st.sampled_from(SITE_WORDS),
                  st.text(st.sampled_from("ab-张伟研发部 "), min_size=1, max_size=6).map(str.strip).filter(bool))
slugs = st.one_of(st.sampled_from(["index", "active", "done", "on-hold", "proposed", "views", "people", "a", "b"]),
                  st.from_regex(r"[a-z][a-z0-9-]{0,8}", fullmatch=True))


@settings(max_examples=20)
@given(projects=st.dictionaries(slugs, st.tuples(st.sampled_from(["active", "done", "proposed", "cancelled"]),
                                                 st.lists(st.tuples(names, names, st.lists(names, max_size=3)),
                                                          min_size=1, max_size=3)),
                                min_size=1, max_size=4))
def test_every_page_has_its_own_address_whatever_the_names(projects: dict, monkeypatch_module) -> None:
    with tempfile.TemporaryDirectory() as folder:
        texts = {slug: _project(slug, status, team) for slug, (status, team) in projects.items()}
        site = _site(Path(folder), texts, monkeypatch_module)
        counts = Counter(_addresses(site))
        assert [address for address, n in counts.items() if n > 1] == []
        kb_people = {name for _, team in projects.values() for _, contact, members in team for name in (contact, *members)}
        titles = Counter(p.title for p in site.pages if p.src_uri.startswith("people/") and p.src_uri != "people/index.md")
        assert set(titles) == kb_people and all(n == 1 for n in titles.values())  # one page per person
        for slug in projects:
            assert any(p.src_uri == f"projects/{slug}/index.md" for p in site.pages)  # folders keep their address
        overviews = {p.src_uri: p.title for p in site.pages}
        msg = Messages("zh")
        assert overviews["people/index.md"] == msg("people.nav")  # never a person's page
        assert overviews["views/departments/index.md"] == msg("site.nav.departments_all")
        departments = {d for _, team in projects.values() for d, _, _ in team}
        named = {f.item for f in site.findings}
        assert {d for d in departments if pages.department_slug(d) == "index"} <= named
        if any(base_slug(p) == "index" for p in kb_people):  # one of them asked for the overview's address
            assert any(base_slug(str(name)) == "index" for name in named)
        assert all(f.rule == "reference" and f.severity.value == "warning" for f in site.findings)


@pytest.fixture(scope="module")
def monkeypatch_module():
    patch = pytest.MonkeyPatch()
    yield patch
    patch.undo()


def test_the_real_build_keeps_the_overviews_and_hand_written_pages_and_logs_the_suffix(tmp_path: Path) -> None:
    root = tmp_path / "kb"
    (root / "projects" / "demo").mkdir(parents=True)
    (root / "docs" / "people").mkdir(parents=True)
    (root / "docs" / "people" / "wang-fang.md").write_text("# 手写的王芳页\n", "utf-8")
    (root / "mkdocs.yml").write_text(SITE_MKDOCS_YML, "utf-8")
    (root / "projects" / "demo" / "project.yaml").write_text(
        _project("demo", "active", [("index", "index", []), ("市场部", "王芳", [])]), "utf-8")
    run = mkdocs_build(root, tmp_path / "site", "--strict")
    assert run.returncode == 0, run.stderr  # a suffixed name is said, not a failure
    assert "/people/index-2/" in run.stderr and "replaces the generated page" not in run.stderr
    people_index = (tmp_path / "site" / "people" / "index.html").read_text("utf-8")
    assert "王芳" in people_index  # the overview, not the page of a person called index
    assert "手写的王芳页" in (tmp_path / "site" / "people" / "wang-fang" / "index.html").read_text("utf-8")
    assert "/people/wang-fang-2/" in run.stderr and (tmp_path / "site" / "people" / "wang-fang-2" / "index.html").is_file()
