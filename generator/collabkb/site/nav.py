"""The wiki's navigation: the generated sections joined with the hand-written pages.

One function for the plugin (``on_files``) and for ``collabkb render`` (which writes the same
nav into a ``mkdocs.yml``), so a site built either way has the same menu.
"""

from __future__ import annotations

from typing import Any, Iterable

from mkdocs.utils import dirname_to_title

from .pages import Site
from .render import title_html


def combined_nav(user_nav: list[Any] | None, site: Site, handwritten: Iterable[str], docs_title: str) -> list[Any]:
    """The generated sections plus the hand-written pages (``handwritten``: their paths in the
    docs folder): the user's nav when there is one (after the dashboard, before the generated
    sections, unless it already places generated pages), else one section of the pages by folder."""
    generated = {page.src_uri for page in site.pages}
    if user_nav is not None:
        placed = nav_paths(user_nav)
        if placed & generated:
            return user_nav
        home = [] if "index.md" in placed else site.nav[:1]
        return [*home, *user_nav, *site.nav[1:]]
    tree: dict[str, Any] = {}
    for src_uri in sorted(handwritten):
        if src_uri in generated:
            continue
        *folders, _ = src_uri.split("/")
        node = tree
        for folder in folders:
            node = node.setdefault(folder, {})
        node.setdefault("", []).append(src_uri)
    own = _tree_nav(tree)
    return [*site.nav, {title_html(docs_title): own}] if own else site.nav


def _tree_nav(tree: dict[str, Any]) -> list[Any]:
    items: list[Any] = sorted(tree.get("", []), key=lambda uri: (not uri.endswith("index.md"), uri))
    for folder in sorted(k for k in tree if k):
        items.append({title_html(dirname_to_title(folder)): _tree_nav(tree[folder])})
    return items


def nav_paths(nav: Any) -> set[str]:
    """Every file path a nav config mentions."""
    if isinstance(nav, str):
        return {nav}
    if isinstance(nav, dict):
        return set().union(*(nav_paths(v) for v in nav.values())) if nav else set()
    if isinstance(nav, list):
        return set().union(*(nav_paths(v) for v in nav)) if nav else set()
    return set()
