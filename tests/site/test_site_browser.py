"""The built wiki in a real browser (Debian's chromium driven by Playwright; nothing is downloaded).

Every request must stay on 127.0.0.1, no page may log a console error or throw,
the Gantt chart is visible with one bar per task, Chinese search finds 培训, and
hostile text never runs. Screenshots go to ``test-artifacts/`` for a human to look at.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Iterator
from urllib.parse import urlsplit

import pytest

from collabkb.check import pipeline
from collabkb.check.config import load_config
from site_build import ROOT, SITE_MKDOCS_YML, TODAY, mkdocs_build
from test_site_hostile import HOSTILE_PROJECT, HOSTILE_TASKS

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = ROOT / "test-artifacts"
ARGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed at /usr/bin/chromium (apt-get install chromium)"),
]


@pytest.fixture(scope="module")
def browser() -> Iterator:
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield chromium
        chromium.close()


class Watched:
    """A page that records console errors, page errors, dialogs and every request's host."""

    def __init__(self, browser, **options) -> None:
        self.page = browser.new_page(**options)
        self.errors: list[str] = []
        self.dialogs: list[str] = []
        self.foreign: list[str] = []
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("dialog", self._dialog)
        self.page.route("**/*", self._route)

    def _dialog(self, dialog) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def _route(self, route) -> None:
        host = urlsplit(route.request.url).hostname
        if host == "127.0.0.1":
            route.continue_()
        else:  # blocked and recorded: the site must work on an intranet
            self.foreign.append(route.request.url)
            route.abort()

    def open(self, url: str) -> None:
        self.page.goto(url, wait_until="networkidle")

    def assert_clean(self) -> None:
        assert self.errors == [] and self.dialogs == [] and self.foreign == [], (self.errors, self.dialogs, self.foreign)


@pytest.fixture(scope="module")
def example_url(example_site: Path, serve) -> str:
    return serve(example_site)


def test_dashboard_loads_cleanly_and_is_screenshotted(browser, example_url: str) -> None:
    view = Watched(browser, viewport={"width": 1280, "height": 900})
    view.open(example_url)
    assert view.page.locator("table.ckb-portfolio tbody tr").count() >= 5
    assert view.page.locator(".ckb-health").first.is_visible()
    ARTIFACTS.mkdir(exist_ok=True)
    view.page.screenshot(path=str(ARTIFACTS / "dashboard.png"), full_page=True)
    view.assert_clean()


def test_gantt_is_visible_with_one_bar_per_task(browser, example_url: str) -> None:
    project = pipeline.check(load_config(ROOT), dt.date.fromisoformat(TODAY)).kb.project_by_slug["q4-smartwatch-launch"]
    view = Watched(browser, viewport={"width": 1280, "height": 900})
    view.open(example_url + f"projects/{project.slug}/tasks/")
    chart = view.page.locator("svg.ckb-gantt")
    assert chart.is_visible()
    bars = chart.locator("rect.ckb-gantt__bar")
    assert bars.count() == len(project.tasks)
    assert all(bars.nth(i).bounding_box()["width"] > 0 for i in range(bars.count()))
    today = chart.locator("line.ckb-gantt__today").bounding_box()  # a vertical line: zero width, so not "visible"
    assert today is not None and today["height"] > 100
    ARTIFACTS.mkdir(exist_ok=True)
    chart.screenshot(path=str(ARTIFACTS / "gantt.png"))
    view.assert_clean()


def test_department_page_and_phone_width_tables_scroll(browser, example_url: str) -> None:
    view = Watched(browser, viewport={"width": 390, "height": 844}, color_scheme="dark")
    view.open(example_url + "views/departments/市场部/")
    assert view.page.locator("h1", has_text="市场部").first.is_visible()
    body_width = view.page.evaluate("document.documentElement.scrollWidth")
    assert body_width <= 390, "wide tables scroll inside their box, not the page"
    ARTIFACTS.mkdir(exist_ok=True)
    view.page.screenshot(path=str(ARTIFACTS / "department-phone-dark.png"), full_page=True)
    view.assert_clean()


def test_search_finds_a_chinese_word(browser, example_url: str) -> None:
    view = Watched(browser, viewport={"width": 1280, "height": 900})
    view.open(example_url)
    box = view.page.locator("input.md-search__input")
    box.click()
    box.fill("培训")
    box.press("End")  # a key event: Material reads the query on keyup, and CJK input sends none
    results = view.page.locator(".md-search-result__item")
    results.first.wait_for(state="visible", timeout=15000)
    assert results.count() > 0
    assert "培训" in view.page.locator(".md-search-result").inner_text()
    view.assert_clean()


def test_hostile_text_never_runs_in_the_browser(browser, make_kb, tmp_path: Path, serve) -> None:
    root = make_kb({"mkdocs.yml": SITE_MKDOCS_YML, "docs/index.md": "# 首页\n",
                    "projects/demo/project.yaml": HOSTILE_PROJECT, "projects/demo/tasks.yaml": HOSTILE_TASKS})
    out = tmp_path / "site"
    assert mkdocs_build(root, out).returncode == 0
    url = serve(out)
    view = Watched(browser, viewport={"width": 1280, "height": 900})
    for path in ("", "projects/demo/", "projects/demo/tasks/"):
        view.open(url + path)
    assert '<script>alert("task")</script>' in view.page.locator("article").inner_text()
    for link in view.page.locator("article a").all():
        assert not (link.get_attribute("href") or "").lower().startswith("javascript:")
    box = view.page.locator("input.md-search__input")
    box.click()
    box.fill("任务")  # results quote the hostile title: rendered as text, never run
    box.press("End")
    view.page.locator(".md-search-result__item").first.wait_for(state="visible", timeout=15000)
    view.page.locator(".md-search-result__item").first.hover()
    view.assert_clean()


def test_a_task_links_to_its_minutes_and_the_minutes_page_shows_them(browser, example_url: str) -> None:
    view = Watched(browser, viewport={"width": 1280, "height": 900})
    view.open(example_url + "projects/q3-channel-expansion/tasks/")
    task = view.page.locator("details#task-T6")
    task.locator("summary").click()
    related = task.locator(".ckb-related a", has_text="宁波区域代理商授权协调会纪要")
    assert related.is_visible()
    related.click()
    view.page.wait_for_load_state("networkidle")
    assert "/docs/2026-09-18-" in view.page.url
    assert view.page.locator("article h1", has_text="宁波区域代理商授权协调会纪要").is_visible()
    assert view.page.locator("article table", has_text="加权得分").is_visible()
    assert view.page.locator(".ckb-tabs__current", has_text="文档与纪要").is_visible()
    ARTIFACTS.mkdir(exist_ok=True)
    view.page.screenshot(path=str(ARTIFACTS / "document.png"), full_page=True)
    view.page.locator("article .ckb-facts a", has_text="T6").click()  # and back to the task
    view.page.wait_for_load_state("networkidle")
    assert view.page.url.endswith("/tasks/#task-T6")
    view.assert_clean()


def test_a_hostile_document_never_runs_in_the_browser(browser, make_kb, tmp_path: Path, serve) -> None:
    from test_site_documents import HOSTILE_DOC

    root = make_kb({"mkdocs.yml": SITE_MKDOCS_YML, "docs/index.md": "# 首页\n",
                    "projects/demo/docs/2026-09-01-协调会.md": HOSTILE_DOC,
                    "projects/demo/docs/2026-09-02 复盘.md": "# 复盘\n",
                    "projects/demo/docs/img/plan.png": (ROOT / "docs/images/dashboard.png").read_bytes()})
    out = tmp_path / "site"
    assert mkdocs_build(root, out).returncode == 0
    view = Watched(browser, viewport={"width": 1280, "height": 900})
    view.open(serve(out) + "projects/demo/docs/2026-09-01-协调会/")
    article = view.page.locator("article")
    assert '<script>alert("body")</script>' in article.inner_text()
    assert article.locator("iframe").count() == 0
    image = article.locator("img")
    assert image.count() == 1 and view.page.evaluate("document.querySelector('article img').naturalWidth") > 0
    for link in article.locator("a").all():
        assert not (link.get_attribute("href") or "").lower().startswith(("javascript:", "data:"))
    view.assert_clean()
