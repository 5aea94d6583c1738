"""Rendering helpers for the site: the Jinja environment, safe Markdown, titles and links.

Templates hold the markup; this module gives them filters and globals:

- autoescape is on, so every user value is escaped unless it went through ``md``;
- ``md`` renders the Markdown of free text (bold, lists, links) with raw HTML
  switched off in the parser (raw HTML shows as text, as SPEC §3 asks), then
  sanitises the result with ``nh3`` (only http/https/mailto links survive);
- ``t`` and ``enum`` read the message catalogue; ``link`` makes a relative URL
  from the page being rendered to another generated page.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import posixpath
from typing import Any, Mapping

import jinja2
import markdown
import nh3
from markupsafe import Markup

from ..i18n import Messages

# Tags a free-text field may produce. No h1/h2: a field must not compete with the page's headings.
TEXT_TAGS = {"p", "br", "strong", "em", "b", "i", "code", "pre", "ul", "ol", "li", "a", "blockquote",
             "h3", "h4", "h5", "h6", "hr", "table", "thead", "tbody", "tr", "th", "td", "del", "s"}
_URL_SCHEMES = {"http", "https", "mailto"}
_ATTRIBUTES = {"a": {"href", "title"}, "th": {"align"}, "td": {"align"}}
_REMEMBERED = 100_000  # free texts a FreeText keeps rendered


def title_html(text: str) -> str:
    """A title for MkDocs/Material, whose templates print titles unescaped.

    Escaped, and ``</`` is broken with a zero-width joiner: Material's ``<title>``
    applies ``striptags``, which unescapes again, and ``</title>`` must not close it.
    """
    return html.escape(text, quote=True).replace("&lt;/", "&lt;\u200d/")


def front_matter(meta: Mapping[str, Any]) -> str:
    """A page's YAML front matter. Values are written as JSON (valid YAML); a ``title`` is
    escaped with ``title_html``, since Material prints ``page.meta.title`` into ``<title>`` unescaped."""
    lines = [f"{key}: {json.dumps(title_html(value) if key == 'title' else value, ensure_ascii=False)}"
             for key, value in meta.items()]
    return "---\n" + "\n".join(lines) + "\n---\n\n"


def page_url(src_uri: str, use_directory_urls: bool) -> str:
    """The URL (relative to the site root) MkDocs gives the file ``src_uri``."""
    if not src_uri.endswith(".md"):
        return src_uri
    stem = src_uri[:-3]
    if not use_directory_urls:
        return f"{stem}.html"
    if stem == "index" or stem.endswith("/index"):
        return stem[: -len("index")]
    return f"{stem}/"


def _relpath(path: str, start: str) -> str:
    """``posixpath.relpath`` for two relative, normalised paths, by splitting strings: ``relpath``
    makes both absolute through ``os.getcwd()`` and was a tenth of a serve rebuild (29,000 links);
    anything else (``.``, ``..``, an empty part) takes ``relpath`` itself."""
    to, here = path.split("/"), start.split("/")
    if any(part in ("", ".", "..") for part in (*to, *here)):
        return posixpath.relpath(path, start)
    common = 0
    for a, b in zip(to, here):
        if a != b:
            break
        common += 1
    return "/".join([".."] * (len(here) - common) + to[common:]) or "."


def relative_url(from_src: str, to_src: str, use_directory_urls: bool) -> str:
    """A link from the page ``from_src`` to ``to_src`` (a page or a static file), as MkDocs would write it."""
    here = page_url(from_src, use_directory_urls)
    base = here.rstrip("/") if here.endswith("/") or not here else posixpath.dirname(here)
    target = page_url(to_src, use_directory_urls)
    rel = _relpath(target.rstrip("/") or ".", base or ".")
    if target.endswith("/") or not target:
        return "./" if rel == "." else f"{rel}/"
    return rel


class FreeText:
    """Markdown → HTML for user free text: raw HTML off, then sanitised by nh3.

    ``tags`` and ``attributes`` widen what survives (a project document may have
    ``h2`` and images, see ``document_render``); nothing else differs."""

    def __init__(self, tags: frozenset[str] | set[str] = frozenset(TEXT_TAGS),
                 attributes: dict[str, set[str]] | None = None) -> None:
        self._tags = set(tags)
        self._attributes = attributes or _ATTRIBUTES
        self._md = markdown.Markdown(extensions=["sane_lists", "tables"])
        # Raw HTML is text in CollabKB: drop the parser's HTML block and inline handlers,
        # so ``<b>`` is escaped rather than passed through.
        self._md.preprocessors.deregister("html_block")
        self._md.inlinePatterns.deregister("html")
        # Each text rendered once per instance (one per build): a task's note, deliverable or support
        # shows on its project page, its owner's page and its department's page.
        self._done: dict[str, Markup] = {}

    def __call__(self, text: Any) -> Markup:
        if text is None or text == "":
            return Markup("")
        key = str(text)
        done = self._done.get(key)
        if done is None:
            rendered = self._md.reset().convert(key)
            done = Markup(nh3.clean(rendered, tags=self._tags, url_schemes=_URL_SCHEMES, attributes=self._attributes,
                                    link_rel="noopener noreferrer"))
            if len(self._done) >= _REMEMBERED:  # bounded, should an instance outlive one build
                self._done.clear()
            self._done[key] = done
        return done

    def inline(self, text: Any) -> Markup:
        """The same, without the paragraph around a one-paragraph text (for table cells, list items)."""
        rendered = self(text)
        if rendered.startswith("<p>") and rendered.endswith("</p>") and rendered.count("<p>") == 1:
            return Markup(rendered[3:-4])
        return rendered


def environment(msg: Messages) -> jinja2.Environment:
    """The template environment for one build (no state shared between builds)."""
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("collabkb.site", "templates"),
        autoescape=True,  # the .md templates hold HTML blocks: escape user text in all of them
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
    )
    free_text = FreeText()

    def enum(value: str | None) -> str:
        if value is None:
            return ""
        key = f"enum.{value}"
        return msg(key) if msg.has(key) else str(value)

    def day(value: dt.date | None) -> str:
        return value.isoformat() if value else ""

    def number(value: Any) -> str:
        if isinstance(value, float) and value.is_integer():
            return str(int(value))
        return "" if value is None else str(value)

    env.filters.update(md=free_text, mdi=free_text.inline, enum=enum, day=day, number=number)
    env.globals.update(t=msg, language=msg.language)
    return env
