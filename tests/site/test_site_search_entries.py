"""The search index of the example wiki: generated pages indexed from the model, hand-written ones by Material.

Generated pages carry ``search: {exclude: true}``, so Material's search leaves them out; the
plugin appends one entry per project, task, risk, issue, deliverable, lesson, document, person
and department (``site/search_entries.py``) at the item's anchor, titled with its project,
Chinese segmented as Material segments it. Contact details and confidential projects are
kept out by ``test_site_privacy.py``, which greps this same index.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from material.plugins.search.plugin import SearchIndex

from collabkb.check import pipeline
from collabkb.check.config import load_config
from collabkb.site.pages import build_site
from collabkb.site.search_entries import SearchEntry, plain, segmented

from site_build import ROOT, SITE_MKDOCS_YML, TODAY, mkdocs_build
from test_site_hostile import HOSTILE_PROJECT, HOSTILE_TASKS

ZWSP = "\u200b"
ANCHORED = {"tasks": "task", "risks": "risk", "coordination": "issue", "resources": "resource",
            "acceptance": "deliverable"}
PAGE = {"resources": "coordination"}  # the page an item kind is on, where it is not its own name


@pytest.fixture(scope="module")
def checked() -> pipeline.Checked:
    return pipeline.check(load_config(ROOT), dt.date.fromisoformat(TODAY))


@pytest.fixture(scope="module")
def docs(example_site: Path) -> list[dict[str, Any]]:
    return json.loads((example_site / "search" / "search_index.json").read_text("utf-8"))["docs"]


def unsegmented(value: str) -> str:
    return value.replace(ZWSP, "")


def test_every_item_has_one_entry_at_its_anchor_titled_with_its_project(
        example_site: Path, docs: list[dict[str, Any]], checked: pipeline.Checked) -> None:
    by_location: dict[str, list[str]] = {}
    for doc in docs:
        by_location.setdefault(doc["location"], []).append(unsegmented(doc["title"]))
    for project in checked.kb.projects:
        items = {"tasks": [(t.id, t.title) for t in project.tasks], "risks": [(r.id, r.title) for r in project.risks],
                 "coordination": [(i.id, i.title) for i in project.issues],
                 "resources": [(r.id, r.item) for r in project.resources],
                 "acceptance": [(d.id, d.name) for d in project.acceptance]}
        for page, listed in items.items():
            folder = PAGE.get(page, page)
            html = (example_site / "projects" / project.slug / folder / "index.html").read_text("utf-8")
            for item_id, title in listed:
                anchor = f"{ANCHORED[page]}-{item_id}"
                assert by_location.get(f"projects/{project.slug}/{folder}/#{anchor}") == [f"{project.name} · {item_id} {title}"]
                assert f'id="{anchor}"' in html, f"the page has the anchor the entry leads to: {anchor}"
        assert project.name in by_location[f"projects/{project.slug}/"]


def test_the_task_from_the_issue_is_found_by_its_words(docs: list[dict[str, Any]]) -> None:
    entry = next(d for d in docs if d["location"] == "projects/q4-smartwatch-launch/tasks/#task-T5")
    assert "培训" in entry["title"].split(ZWSP), "segmented: 培训 is a word of its own"
    assert unsegmented(entry["title"]).startswith("Q4 智能手表 W3 新品上市 · T5 ")


def test_material_indexes_no_generated_page_and_every_hand_written_one(
        example_site: Path, docs: list[dict[str, Any]]) -> None:
    ours = ("task-", "risk-", "issue-", "resource-", "deliverable-", "lesson-")
    generated = ("projects/", "views/", "people/")
    for doc in docs:
        location = doc["location"]
        if location.startswith(generated) and "#" in location:
            assert location.split("#", 1)[1].startswith(ours), f"a section Material cut from a generated page: {location}"
    hand_written = {d["location"].split("#")[0] for d in docs if d["location"].startswith(("guide/", "process/"))}
    assert "process/" in hand_written and any(p.startswith("guide/") for p in hand_written)
    assert any(d["location"] == "reference/fields/" for d in docs), "the field reference keeps Material's indexing"
    pages = {unsegmented(d["title"]) for d in docs if d["location"] == "views/overdue/"}
    assert pages, "a generated view is still found by its title"


def test_every_person_and_lesson_has_an_entry(docs: list[dict[str, Any]], checked: pipeline.Checked) -> None:
    people = {unsegmented(d["title"]) for d in docs if d["location"].startswith("people/") and d["location"] != "people/"}
    team = {name for p in checked.kb.projects for entry in p.team for name in entry.people}
    assert team <= people
    titles = {d["location"]: unsegmented(d["title"]) for d in docs}
    for project in checked.kb.projects:
        for number, lesson in enumerate(project.retro.lessons if project.retro else (), 1):
            assert titles[f"projects/{project.slug}/retro/#lesson-{number}"] == f"{project.name} · {plain(lesson.text)}"


def test_a_pages_own_entry_comes_before_the_entries_at_its_anchors(docs: list[dict[str, Any]]) -> None:
    """Material groups ``page/#anchor`` results under the page's entry: it must exist, and come first."""
    seen: dict[str, str] = {}
    for doc in docs:
        page, _, anchor = doc["location"].partition("#")
        if anchor:
            assert page in seen, f"no entry for the page of {doc['location']} before it"
        else:
            seen.setdefault(page, unsegmented(doc["title"]))
    assert seen["projects/q4-smartwatch-launch/tasks/"] == "Q4 智能手表 W3 新品上市 · 任务与进度"


def test_segmentation_is_materials() -> None:
    jieba = pytest.importorskip("jieba")
    texts = ["Q3 新品上市推广 · T3 完成产品培训材料", "渠道资源清单（华东 / 华南）", "no Chinese here", "王芳、李娜"]
    material = SearchIndex()
    mine = segmented([SearchEntry("x/", text, text) for text in texts], jieba.cut)
    assert [e["title"] for e in mine] == [material._segment_chinese(text) for text in texts]
    assert mine[0]["title"] != texts[0], "Chinese was segmented"


def test_free_text_is_plain_escaped_text() -> None:
    assert plain("<script>alert(1)</script> **加粗** [链接](https://example.com)", None, " ") == \
        "&lt;script&gt;alert(1)&lt;/script&gt; 加粗 链接"


def test_index_is_utf8_without_escapes(example_site: Path) -> None:
    raw = (example_site / "search" / "search_index.json").read_text("utf-8")
    assert "培训" in raw and "\\u57f9" not in raw, "Chinese written as UTF-8 (3 bytes), not \\uXXXX (6)"


def test_only_the_plugin_with_materials_search_excludes_pages(checked: pipeline.Checked) -> None:
    """``collabkb render`` (no plugin: Zensical or a plain MkDocs build index the pages themselves)
    and a site without Material's search keep every page indexable, and make no entries."""
    config = load_config(ROOT)
    plain_site = build_site(checked, config)
    assert plain_site.search == ()
    assert not any('"exclude": true' in page.markdown for page in plain_site.pages)
    own = build_site(checked, config, own_search=True)
    excluded = [page.src_uri for page in own.pages if '"exclude": true' in page.markdown.split("\n---\n", 1)[0]]
    assert "projects/q4-smartwatch-launch/tasks.md" in excluded and "people/index.md" in excluded
    assert "index.md" not in excluded and "reference/fields.md" not in excluded
    assert len(own.search) > len(excluded)


def test_hostile_text_reaches_the_index_escaped(make_kb, tmp_path: Path) -> None:
    """Material's results print titles and texts as HTML: a ``<script>`` in a task title or an
    update note must arrive escaped, and a ``javascript:`` link as its text only."""
    root = make_kb({"mkdocs.yml": SITE_MKDOCS_YML, "docs/index.md": "# 首页\n",
                    "projects/demo/project.yaml": HOSTILE_PROJECT, "projects/demo/tasks.yaml": HOSTILE_TASKS})
    out = tmp_path / "site"
    assert mkdocs_build(root, out).returncode == 0
    docs = json.loads((out / "search" / "search_index.json").read_text("utf-8"))["docs"]
    task = next(d for d in docs if d["location"] == "projects/demo/tasks/#task-T1")
    assert "&lt;script&gt;" in task["title"] and "<script" not in task["title"]
    assert "<b " not in task["text"] and "javascript:" not in task["text"] and "跳转" in unsegmented(task["text"])
    assert not any("<script" in d["title"] + d["text"] for d in docs if d["location"].startswith("projects/"))
