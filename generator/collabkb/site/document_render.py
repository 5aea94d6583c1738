"""A project document's Markdown → safe HTML, with its links pointing at the wiki.

The same renderer as every other user text (``render.FreeText``: raw HTML is
text, the result sanitised by nh3, only http/https/mailto links), widened to
the headings and images a document has. Before sanitising, a tree processor
rewrites each relative link and image:

- a link to another document, a project file (``../tasks.yaml``) or an
  attachment (``img/plan.png``) points at its page or published file;
- a link out of the project folder, or to nothing, becomes plain text;
- an image from another host or outside the project is replaced by its alt
  text (the site loads nothing from other hosts; ``data:`` included).

``check.documents`` reports the same links as findings, with line and column.
"""

from __future__ import annotations

import xml.etree.ElementTree as etree
from typing import Callable

from markdown import Markdown
from markdown.treeprocessors import Treeprocessor
from markupsafe import Markup

from ..check.document_text import checkboxes
from .render import TEXT_TAGS, FreeText

# A document's own headings start at h2 (the page's h1 is its title); images are its attachments.
_DOCUMENT_TAGS = frozenset(TEXT_TAGS | {"h2", "img"})
_DOCUMENT_ATTRIBUTES = {"a": {"href", "title"}, "img": {"src", "alt", "title"}, "th": {"align"}, "td": {"align"}}

# url, is_image → the URL to use, or None to drop the link (plain text) or the image (its alt text).
Resolver = Callable[[str, bool], str | None]


class _Links(Treeprocessor):
    def __init__(self, md: Markdown) -> None:
        super().__init__(md)
        self.resolve: Resolver = lambda url, image: None

    def run(self, root: etree.Element) -> None:
        for parent in root.iter():
            for child in list(parent):
                if child.tag == "a":
                    target = self.resolve(child.get("href", ""), False)
                    if target is None:
                        child.tag = "span"  # plain text, its content kept
                        child.attrib.clear()
                    else:
                        child.set("href", target)
                elif child.tag == "img":
                    target = self.resolve(child.get("src", ""), True)
                    if target is None:
                        _replace_with_text(parent, child, child.get("alt", ""))
                    else:
                        child.set("src", target)


def _replace_with_text(parent: etree.Element, child: etree.Element, text: str) -> None:
    """Put ``text`` where ``child`` was (ElementTree keeps text in ``.text``/``.tail``)."""
    index = list(parent).index(child)
    replacement = (f"[{text}]" if text else "") + (child.tail or "")
    if index == 0:
        parent.text = (parent.text or "") + replacement
    else:
        previous = parent[index - 1]
        previous.tail = (previous.tail or "") + replacement
    parent.remove(child)


class DocumentText(FreeText):
    """Renders document bodies for one build; ``resolver`` is given per document."""

    def __init__(self) -> None:
        super().__init__(tags=_DOCUMENT_TAGS, attributes=_DOCUMENT_ATTRIBUTES)
        self._links = _Links(self._md)
        self._md.treeprocessors.register(self._links, "collabkb-links", 1)  # after inline: links exist

    def document(self, body: str, resolver: Resolver) -> Markup:
        self._links.resolve = resolver
        return self(checkboxes(body))
