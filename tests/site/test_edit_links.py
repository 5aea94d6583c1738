"""Edit links: every task, risk, issue, deliverable and project opens its YAML line in the forge's web editor.

The URL shapes are checked per forge (``EditLinks``); real builds of one example
project check that each item's link names its own file and the line its entry starts
on, that nothing links without ``repo_url``, and — in chromium — that the page with
``repo_url`` set sends no request off 127.0.0.1 (Material's repository widget would ask
the forge's API for stars and forks; ``overrides/partials/source.html`` stops it).
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path
from typing import Iterator

import pytest

from collabkb.check import pipeline
from collabkb.check.config import load_config
from collabkb.check.model import Project, Source
from collabkb.forge.edit_links import EditLinks
from site_build import ROOT, TODAY, mkdocs_build
from site_html import page, with_class

SLUG = "q4-smartwatch-launch"
GITLAB = "https://gitlab.example.com/acme/kb"


@pytest.mark.parametrize("repo_url, edit_uri, expected", [
    ("https://github.com/acme/kb", "edit/main/docs/", "https://github.com/acme/kb/edit/main/projects/a/tasks.yaml#L12"),
    ("https://github.com/acme/kb/", "edit/main/docs", "https://github.com/acme/kb/edit/main/projects/a/tasks.yaml#L12"),
    (GITLAB, "-/edit/main/docs/", f"{GITLAB}/-/edit/main/projects/a/tasks.yaml#L12"),
    ("https://git.example.com/acme/kb", "_edit/main/docs/", "https://git.example.com/acme/kb/_edit/main/projects/a/tasks.yaml"),
    ("https://gitee.com/acme/kb", "edit/master/docs/", "https://gitee.com/acme/kb/edit/master/projects/a/tasks.yaml#L12"),
    ("https://github.com/acme/kb", "edit/main/", "https://github.com/acme/kb/edit/main/projects/a/tasks.yaml#L12"),
    ("https://github.com/acme/kb", "https://github.example.com/mirror/kb/edit/dev/docs/",
     "https://github.example.com/mirror/kb/edit/dev/projects/a/tasks.yaml#L12"),
])
def test_url_shapes(repo_url: str, edit_uri: str, expected: str) -> None:
    links = EditLinks.from_config(repo_url, edit_uri, "/somewhere/kb/docs")
    assert links is not None and links.url("projects/a/tasks.yaml", 12) == expected


def test_paths_are_quoted() -> None:
    links = EditLinks.from_config("https://github.com/acme/kb", "edit/main/docs/")
    assert links is not None and links.url("projects/a b/任务.yaml", 3).endswith("/projects/a%20b/%E4%BB%BB%E5%8A%A1.yaml#L3")


@pytest.mark.parametrize("repo_url, edit_uri", [(None, "edit/main/docs/"), ("", None), ("https://github.com/acme/kb", "")])
def test_no_links_without_repo_url_or_edit_uri(repo_url: str | None, edit_uri: str | None) -> None:
    assert EditLinks.from_config(repo_url, edit_uri) is None


def _kb(root: Path, head: str) -> Path:
    (root / "docs").mkdir(parents=True)
    shutil.copytree(ROOT / "projects" / SLUG, root / "projects" / SLUG)
    shutil.copy(ROOT / "projects" / "_departments.yaml", root / "projects" / "_departments.yaml")
    (root / "mkdocs.yml").write_text(head + "theme:\n  name: material\n  font: false\nplugins:\n  - collabkb:\n      language: zh\n",
                                     "utf-8")
    return root


def _built(root: Path, out: Path) -> Path:
    run = mkdocs_build(root, out)
    assert run.returncode == 0, run.stderr
    return out


@pytest.fixture(scope="module")
def gitlab_site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    root = _kb(tmp_path_factory.mktemp("gitlab"), f"site_name: kb\nrepo_url: {GITLAB}\nedit_uri: -/edit/main/docs/\n")
    return root, _built(root, tmp_path_factory.mktemp("gitlab-site"))


def _project(root: Path) -> Project:
    return pipeline.check(load_config(root), dt.date.fromisoformat(TODAY)).kb.project_by_slug[SLUG]


def _links(site: Path, url: str) -> list[str]:
    return [attrs["href"] for attrs in with_class(page(site, url), "ckb-edit", "a")]


def _expected(root: Path, source: Source, first_line: str) -> str:
    line = source.mark[0]
    text = (root / source.file).read_text("utf-8").splitlines()[line - 1]
    assert text.lstrip(" -").startswith(first_line), (source.file, line, text)  # the link lands on the item itself
    return f"{GITLAB}/-/edit/main/{source.file}#L{line}"


def test_every_item_links_to_its_own_line(gitlab_site: tuple[Path, Path]) -> None:
    root, site = gitlab_site
    project = _project(root)
    assert project.tasks and project.risks and project.issues and project.acceptance
    base = f"projects/{SLUG}/"
    tasks = set(_links(site, base + "tasks/"))
    assert {_expected(root, t.source, f"id: {t.id}") for t in project.tasks} <= tasks
    assert set(_links(site, base + "risks/")) == {_expected(root, r.source, f"id: {r.id}") for r in project.risks}
    assert {_expected(root, i.source, f"id: {i.id}") for i in project.issues} <= set(_links(site, base + "coordination/"))
    assert set(_links(site, base + "acceptance/")) == {_expected(root, d.source, f"id: {d.id}") for d in project.acceptance}
    (overview,) = _links(site, base)
    assert overview == f"{GITLAB}/-/edit/main/projects/{SLUG}/project.yaml#L{project.source.mark[0]}"
    # the views' task tables link too: the overdue list is where an owner starts
    assert set(_links(site, "views/overdue/")) <= tasks and _links(site, "views/overdue/")


def test_link_says_what_it_opens(gitlab_site: tuple[Path, Path]) -> None:
    _, site = gitlab_site
    (link,) = [a for a in with_class(page(site, f"projects/{SLUG}/"), "ckb-edit", "a")]
    assert link["title"].startswith(f"在网页编辑器中编辑 projects/{SLUG}/project.yaml 第 ")
    assert link["target"] == "_blank" and "noopener" in link["rel"]


def test_no_link_without_repo_url(tmp_path: Path) -> None:
    root = _kb(tmp_path / "kb", "site_name: kb\n")
    site = _built(root, tmp_path / "site")
    for url in ("", "tasks/", "risks/", "coordination/", "acceptance/"):
        assert "ckb-edit" not in page(site, f"projects/{SLUG}/{url}")


def test_the_repository_link_stays_but_is_not_a_widget(gitlab_site: tuple[Path, Path]) -> None:
    _, site = gitlab_site
    markup = page(site, f"projects/{SLUG}/")
    assert with_class(markup, "md-source", "a")[0]["href"] == GITLAB
    assert 'data-md-component="source"' not in markup


# ---- in a browser: nothing leaves 127.0.0.1 --------------------------------------------------

CHROMIUM = Path("/usr/bin/chromium")


@pytest.fixture(scope="module")
def browser() -> Iterator:
    if not CHROMIUM.exists():
        pytest.skip("Debian's chromium is not installed at /usr/bin/chromium (apt-get install chromium)")
    sync_api = pytest.importorskip("playwright.sync_api")
    from test_site_browser import ARGS

    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield chromium
        chromium.close()


@pytest.mark.browser
def test_a_page_with_repo_url_requests_nothing_from_the_forge(browser, tmp_path: Path, serve) -> None:
    from test_site_browser import Watched

    root = _kb(tmp_path / "kb", "site_name: kb\nrepo_url: https://github.com/acme/kb\nedit_uri: edit/main/docs/\n")
    site = _built(root, tmp_path / "site")
    tasks = site / "projects" / SLUG / "tasks" / "index.html"
    # The same page with the theme's widget put back: the watcher must see the forge's API called,
    # or the clean run below would prove nothing.
    widget = tmp_path / "widget"
    shutil.copytree(site, widget)
    marked = widget / "projects" / SLUG / "tasks" / "index.html"
    marked.write_text(marked.read_text("utf-8").replace('class="md-source"', 'class="md-source" data-md-component="source"'), "utf-8")

    control = Watched(browser)
    control.open(serve(widget) + f"projects/{SLUG}/tasks/")
    assert any("api.github.com" in url for url in control.foreign), control.foreign

    view = Watched(browser)
    view.open(serve(site) + f"projects/{SLUG}/tasks/")
    assert view.page.locator("a.ckb-edit").count() > 0
    assert view.foreign == [], view.foreign
    assert tasks.is_file()
