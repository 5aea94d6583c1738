"""Small HTML readers for the site tests (stdlib only)."""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser
from pathlib import Path


class _Elements(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str]]] = []
        self.text: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, {k: v or "" for k, v in attrs}))
        if tag in ("script", "style"):
            self._skip += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style") and self._skip:
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.text.append(data)


def parse(markup: str) -> _Elements:
    parser = _Elements()
    parser.feed(markup)
    parser.close()
    return parser


def page(site: Path, url: str) -> str:
    """The HTML of the page at ``url`` (a directory URL such as ``projects/x/tasks/``)."""
    return (site / url / "index.html").read_text("utf-8")


def main_content(markup: str) -> str:
    """The article of a Material page (no nav, header or footer)."""
    match = re.search(r'<article class="md-content__inner md-typeset">(.*?)</article>', markup, re.S)
    assert match, "no article in the page"
    return match.group(1)


def text(markup: str) -> str:
    """Visible text, whitespace collapsed."""
    return re.sub(r"\s+", " ", "".join(parse(markup).text)).strip()


def with_class(markup: str, name: str, tag: str | None = None) -> list[dict[str, str]]:
    """Attributes of every element (optionally of ``tag``) whose class list holds ``name``."""
    return [attrs for t, attrs in parse(markup).elements
            if name in attrs.get("class", "").split() and (tag is None or t == tag)]


def unescape(value: str) -> str:
    return html.unescape(value)
