"""Rendering helpers: links between pages, free text rendered once per build."""

from __future__ import annotations

from collabkb.site.render import FreeText, relative_url


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
