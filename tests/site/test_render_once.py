"""Rendering helpers that do their work once: links without ``os.getcwd()``, free text once per build."""

from __future__ import annotations

import posixpath

from hypothesis import given
from hypothesis import strategies as st

from collabkb.site.render import FreeText, _relpath, relative_url

SEGMENT = st.sampled_from(["a", "b", "projects", "q3", "tasks", "中文", "index.html", ".", "", "x.ics"])
PATH = st.lists(SEGMENT, min_size=1, max_size=6).map("/".join).filter(bool)


@given(PATH, PATH)
def test_relpath_is_posixpath_relpath(path: str, start: str) -> None:
    assert _relpath(path, start) == posixpath.relpath(path, start)


def test_relpath_above_the_root_or_absolute_takes_posixpath() -> None:
    assert _relpath("a", "/a") == posixpath.relpath("a", "/a")
    assert _relpath("../a", "b") == posixpath.relpath("../a", "b")
    assert _relpath("a", "../b") == posixpath.relpath("a", "../b")


def test_links_between_pages() -> None:
    assert relative_url("projects/q3/tasks.md", "projects/q3/index.md", True) == "../"
    assert relative_url("projects/q3/tasks.md", "people/王芳.md", True) == "../../../people/王芳/"
    assert relative_url("index.md", "calendar.ics", True) == "calendar.ics"
    assert relative_url("views/overdue.md", "index.md", False) == "../index.html"
    assert relative_url("index.md", "index.md", True) == "./"


def test_free_text_is_rendered_once_per_instance_and_the_same_every_time() -> None:
    free_text = FreeText()
    first = free_text("**粗体** [链接](https://example.com/) <script>x</script>")
    assert first == FreeText()("**粗体** [链接](https://example.com/) <script>x</script>")
    assert free_text("**粗体** [链接](https://example.com/) <script>x</script>") is first
    assert "<strong>粗体</strong>" in first and "<script>" not in first
    assert free_text.inline("*一*") == "<em>一</em>" and free_text("") == ""
