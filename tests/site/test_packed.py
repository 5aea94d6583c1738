"""Page text held packed while the build does not read it (``site/packed.py``, issue 14 item 4)."""

from __future__ import annotations

import types
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig

from collabkb.site.fast_html import FastPages
from collabkb.site.packed import Packed, PackedFile, pack, unpack
from collabkb.site.plugin import GeneratedFile
from collabkb.site.renderer import GeneratedPage

TEXT = "---\ntitle: \"任务 · *星*\"\n---\n\n<h1>任务</h1>\n\n## 明细\n\n<div>\u00a0&amp; \U0001f600 中文</div>\n"


def test_a_generated_page_holds_its_markdown_packed_and_reads_it_back() -> None:
    page = GeneratedPage("projects/a/tasks.md", "任务", TEXT, False, "A · 任务")
    assert isinstance(page.packed, Packed) and len(page.packed) < len(TEXT.encode("utf-8")) * 2
    assert page.markdown == TEXT
    assert (page.src_uri, page.title, page.material_search, page.full_title) == ("projects/a/tasks.md", "任务", False,
                                                                                 "A · 任务")
    assert page == GeneratedPage("projects/a/tasks.md", "任务", TEXT, False, "A · 任务")
    assert unpack(pack("")) == ""


def test_a_generated_file_with_packed_content_reads_as_any_file(tmp_path: Path) -> None:
    (tmp_path / "docs").mkdir()
    config = MkDocsConfig(config_file_path=str(tmp_path / "mkdocs.yml"))
    config.load_dict({"site_name": "t", "docs_dir": str(tmp_path / "docs"), "site_dir": str(tmp_path / "site")})
    errors, _ = config.validate()
    assert not errors
    config.plugins._current_plugin = "collabkb"  # as while MkDocs runs our on_files
    file = GeneratedFile.made(config, "a.md", pack(TEXT))
    assert isinstance(file, PackedFile)
    assert file.content_string == TEXT and file.content_bytes == TEXT.encode("utf-8")
    file.content_string = "plain"  # a plugin may still replace it
    assert file.content_string == "plain" and file.content_bytes == b"plain"
    plain = GeneratedFile.made(config, "b.css", b"body{}")  # a static file is not packed
    assert plain.content_bytes == b"body{}"


def test_a_page_waits_packed_between_the_two_loops_and_is_dropped_once_written() -> None:
    fast = FastPages.__new__(FastPages)  # only the parking: no splitter needed
    fast.parked = {}
    page = types.SimpleNamespace(file=types.SimpleNamespace(src_uri="a.md"), content=None)
    html = "<div>中文 " + "x" * 10_000 + "</div>"
    assert fast.park(page, html) == ""  # type: ignore[arg-type]
    assert len(fast.parked["a.md"]) < 1_000
    fast.unpark(page)  # type: ignore[arg-type]
    assert page.content == html and fast.parked == {}
    fast.unpark(page)  # type: ignore[arg-type]  # a page that was not parked keeps what it has
    assert page.content == html
    fast.drop(page)  # type: ignore[arg-type]
    assert page.content == ""
