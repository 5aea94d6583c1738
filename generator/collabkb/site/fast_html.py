"""Generated pages skip Markdown (issue 14 item 1): their HTML is put in place after MkDocs converts them.

A generated page is HTML blocks and ATX heading lines (``## 任务明细``) with blank lines
between: free text was already rendered and sanitised by ``render.FreeText`` when the
template ran. Python-Markdown would turn every HTML block back into itself, but only after
its raw-HTML extractor (an ``HTMLParser``) and MkDocs' anchor collector (a second one) have
read every character: about 5 s of a 100-project build, for output equal to the input.

``split`` cuts a page into its heading lines and its HTML blocks and gives MkDocs a
Markdown of the headings with one placeholder paragraph (``CKBHTML7``) per block; MkDocs
still makes the headings' ids, permalinks, the table of contents and the title with the
site's own ``markdown_extensions``. ``restore`` puts each block back where its
``<p>CKBHTML7</p>`` came out. Each block is cut exactly where Python-Markdown's
``HTMLExtractor`` would cut it (same whitespace normalisation, same tag stack, same
trailing newline), so the page's HTML is the one the full conversion makes:
``tests/site/test_fast_html.py`` compares the two on every generated page of the example and
of a hostile knowledge base.

Conservative: a page with anything else at the top level (a paragraph, a list, an HTML
block that does not start with a block-level tag at the line start, a comment, a
``<script>``), or a site whose Markdown extensions change how raw HTML is read
(``md_in_html``, extra pre- or postprocessors), keeps the full Markdown path, and so does
a page whose placeholders do not all come back exactly once.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from typing import Callable

import markdown
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from .packed import Packed, pack, unpack
from markdown.postprocessors import AndSubstitutePostprocessor, RawHtmlPostprocessor
from markdown.extensions.fenced_code import FencedBlockPreprocessor
from markdown.preprocessors import HtmlBlockPreprocessor, NormalizeWhitespace

TOKEN = "CKBHTML"
_RESTORE = re.compile(r"<p>" + TOKEN + r"([0-9]+)</p>")
# A tag as html.parser reads a well-formed one (quoted values may hold ``>``), or anything else
# that would make it read markup (a comment, a declaration, a processing instruction, a broken tag).
# Tag names in lower case only (html.parser lowers them; ours are): any other markup reads as "broken".
_TAG = re.compile(r"""<(/?)([a-z][a-z0-9-]*+)(?=[\s/>])((?:[^>"']++|"[^"]*+"|'[^']*+')*+)>|<[!?a-zA-Z/]""")
_OPEN = re.compile(r"<([a-z][a-z0-9-]*+)(?=[\s/>])")
_ATTRIBUTE = re.compile(r"""([^\s=/>]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+)))?""")
# ``fenced_code`` runs before the raw-HTML extractor and takes a fence anywhere, inside HTML too: a page
# with a line that could open one (three backticks or tildes at its start) keeps the full path.
_BLANK_LINE = re.compile(r"([ ]*\n){2}")  # markdown.htmlparser.blank_line_re: a block followed by a blank line
_CDATA = frozenset({"script", "style"})  # html.parser reads their content as text
_EMPTY = frozenset({"hr"})  # HTMLExtractor.empty_tags: never pushed on its stack
_PLAIN_POST = (RawHtmlPostprocessor, AndSubstitutePostprocessor)  # a plain instance's postprocessors


@dataclass(frozen=True, slots=True)
class Split:
    """A page cut for the fast path: what MkDocs converts, and the HTML blocks it leaves out."""

    markdown: str  # the heading lines and one placeholder line per block, blank lines between
    blocks: tuple[str, ...]  # each block exactly as Python-Markdown would emit it
    anchors: frozenset[str]  # ids (and ``<a name>``) in the blocks: MkDocs' anchor validation reads them


class Splitter:
    """Reads pages the way one site's Markdown would; ``None`` from ``split`` means "full path"."""

    def __init__(self, extensions: list, extension_configs: dict) -> None:
        self._md = markdown.Markdown(extensions=extensions, extension_configs=extension_configs)
        self.usable = _plain_raw_html(self._md)
        self._block_level: Callable[[str], bool] = self._md.is_block_level
        self._own: dict[str, re.Pattern[str]] = {}  # tag name → its start and end tags (``_block``)

    def split(self, text: str) -> Split | None:
        if not self.usable or not text.strip():
            return None
        source = self._normalise(text)
        if source.startswith(("```", "~~~")) or "\n```" in source or "\n~~~" in source:
            return None  # a line that could open a fence: fenced_code reads it even inside HTML
        lines: list[str] = []
        blocks: list[str] = []
        anchors: set[str] = set()
        pos, end = 0, len(source)
        while pos < end:
            eol = source.find("\n", pos)
            eol = end if eol == -1 else eol
            if eol == pos:  # a blank line
                pos += 1
                continue
            first = source[pos]
            if first == "#":  # an ATX heading: Markdown makes it, ids and permalink included
                line = source[pos:eol]
                if TOKEN in line:
                    return None
                lines += (line, "")
                pos = eol + 1
                continue
            if first != "<":
                return None  # a paragraph, a list, indented text: real Markdown
            closed = self._block(source, pos, anchors)
            if closed is None:
                return None
            after = source.find("\n", closed)
            after = end if after == -1 else after
            if source[closed:after].strip(" "):
                return None  # text after the block on its line: Python-Markdown would read it as Markdown
            blank = _BLANK_LINE.match(source, closed) is not None
            lines += (f"{TOKEN}{len(blocks)}", "")
            blocks.append(source[pos:closed] + ("\n" if blank else ""))
            pos = after + 1
        return Split("\n".join(lines), tuple(blocks), frozenset(anchors))

    def _normalise(self, text: str) -> str:
        """Exactly the text Python-Markdown's first preprocessor (``NormalizeWhitespace``) leaves:
        its own code where it would change something (STX/ETX, CR, tabs, lines of spaces), else the
        text with the two line breaks it appends."""
        if "\x02" in text or "\x03" in text or "\r" in text or "\t" in text or "\n " in text:
            return "\n".join(self._md.preprocessors["normalize_whitespace"].run(text.split("\n")))
        return text + "\n\n"

    def _block(self, source: str, start: int, anchors: set[str]) -> int | None:
        """Where the raw HTML block opened at ``start`` ends (after its closing tag), as
        ``markdown.htmlparser.HTMLExtractor`` decides it: the first tag is a block-level start tag;
        every start tag but ``hr`` and ``<x/>`` is pushed; an end tag pops down to its name;
        the block ends when the stack is empty.

        Fast on well-formed HTML: the element's own tags give where it would close, and one
        ``findall`` over that stretch confirms it with the extractor's stack; anything else (the
        stack empties earlier, a broken tag) is decided tag by tag by ``_exact_block``."""
        opened = _OPEN.match(source, start)
        if opened is None or not self._block_level(opened.group(1)):
            return None  # not a raw HTML block: Python-Markdown would wrap it in a paragraph
        name = opened.group(1)
        own = self._own.get(name)
        if own is None:
            own = self._own[name] = re.compile(rf"<(/?){name}(?=[\s/>])")
        depth = 0
        for tag in own.finditer(source, start):
            depth += -1 if tag.group(1) else 1
            if depth == 0:
                break
        else:
            return None  # never closed: Python-Markdown would take the rest of the page
        candidate = source.find(">", tag.end()) + 1
        if source.find("<script", start, candidate) != -1 or source.find("<style", start, candidate) != -1:
            return None  # html.parser reads their content as text (_CDATA)
        found: set[str] = set()
        stack: list[str] = []
        tags = _TAG.findall(source, start, candidate)
        for item in tags:
            slash, tag_name, attributes = item
            if not tag_name:
                return None  # a comment, declaration, processing instruction or broken tag
            if slash:
                if tag_name in stack:
                    while stack.pop() != tag_name:
                        pass
                if not stack:
                    break
            else:
                if "id=" in attributes or "name=" in attributes:
                    _anchors(tag_name, attributes, found)
                if tag_name not in _EMPTY and not attributes.endswith("/"):
                    stack.append(tag_name)
        else:
            return None  # still open at the candidate (cannot happen on what the own tags counted)
        if item is tags[-1]:
            anchors |= found
            return candidate
        return self._exact_block(source, start, anchors)  # it closed before the candidate: read it tag by tag

    def _exact_block(self, source: str, start: int, anchors: set[str]) -> int | None:
        """``_block``, one tag at a time to the end of the page."""
        stack: list[str] = []
        for tag in _TAG.finditer(source, start):
            name = tag.group(2)
            if not name or name in _CDATA:
                return None
            attributes = tag.group(3)
            if tag.group(1):  # an end tag
                if not stack:
                    return None
                if name in stack:
                    while stack.pop() != name:
                        pass
                if not stack:
                    return tag.end()
                continue
            if "id=" in attributes or "name=" in attributes:
                _anchors(name, attributes, anchors)
            if name in _EMPTY or attributes.endswith("/"):
                if not stack:
                    return None  # a block of one empty tag: not worth another rule
                continue
            stack.append(name)
        return None  # never closed: Python-Markdown would take the rest of the page


def restore(content: str, split: Split) -> str | None:
    """The page's HTML: MkDocs' conversion of ``split.markdown`` with every placeholder paragraph
    replaced by its block. ``None`` when the placeholders did not come back exactly once each
    (an extension rewrote them): the caller converts the whole page instead."""
    seen: list[int] = []

    def block(match: re.Match[str]) -> str:
        index = int(match.group(1))
        seen.append(index)
        return split.blocks[index] if index < len(split.blocks) else match.group(0)

    result = _RESTORE.sub(block, content)
    if sorted(seen) != list(range(len(split.blocks))):
        return None
    return result.strip()  # as ``Markdown.convert`` strips its output after the raw HTML is back


def _anchors(tag: str, attributes: str, into: set[str]) -> None:
    """The ids MkDocs' ``_HTMLHandler`` would collect from one start tag."""
    for match in _ATTRIBUTE.finditer(attributes):
        key = match.group(1).lower()
        if key == "id" or (key == "name" and tag == "a"):
            value = next((v for v in match.group(2, 3, 4) if v is not None), None)
            if value is not None:
                into.add(html.unescape(value))


def _plain_raw_html(md: markdown.Markdown) -> bool:
    """Whether ``md`` reads raw HTML as a plain Python-Markdown does, so a block comes out as it
    went in: its only preprocessors whitespace and the raw-HTML extractor, its only
    postprocessors those of a plain instance (``md_in_html``, snippets and the like keep the full path).
    ``fenced_code`` (MkDocs always adds it) is allowed: a page where it could find a fence is not split."""
    pre = [type(p) for p in md.preprocessors if type(p) is not FencedBlockPreprocessor]  # a page that could hold a fence is not split
    return pre == [NormalizeWhitespace, HtmlBlockPreprocessor] and all(type(p) in _PLAIN_POST for p in md.postprocessors)


class FastPages:
    """One build's generated pages between their Markdown and their place in the theme.

    The plugin's ``on_page_markdown`` hands MkDocs ``markdown(...)`` and its first
    ``on_page_content`` gets the page back from ``content(...)``. Then (issue 14 item 4) its last
    ``on_page_content`` packs the HTML (``park``: MkDocs holds every page's HTML until it has
    converted all of them), its first ``on_page_context`` unpacks it (``unpark``) and its last
    ``on_post_page`` drops it (``drop``: the page is written; nothing later reads a page's
    ``content``: the search index, the sitemap and anchor validation have their own data).

    Lives for one build (the plugin makes a new one when MkDocs' config object changes, i.e. on
    every ``mkdocs serve`` rebuild)."""

    def __init__(self, config: MkDocsConfig) -> None:
        self.config = config
        self.splitter = Splitter(config.markdown_extensions, config.mdx_configs or {})
        self.pending: dict[str, tuple[str, Split]] = {}  # src_uri → (the page's Markdown, its split)
        self.parked: dict[str, Packed] = {}  # src_uri → the page's HTML, between the two loops

    def markdown(self, page: Page, text: str) -> str:
        split = self.splitter.split(text)
        if split is None:
            return text
        self.pending[page.file.src_uri] = (text, split)
        return split.markdown

    def content(self, page: Page, content: str, files: Files) -> str:
        held = self.pending.pop(page.file.src_uri, None)
        if held is None:
            return content
        text, split = held
        restored = restore(content, split)
        if restored is None:  # an extension rewrote a placeholder: convert the whole page after all
            page.markdown = text
            page.render(self.config, files)
            assert page.content is not None
            return page.content
        if page.present_anchor_ids is not None:
            page.present_anchor_ids |= split.anchors
        # ``page.markdown`` stays the short Markdown MkDocs converted: the page's full Markdown is in
        # its file already (the title comes from the nav or the front matter).
        return restored

    def park(self, page: Page, content: str) -> str:
        self.parked[page.file.src_uri] = pack(content)
        return ""

    def unpark(self, page: Page) -> None:
        packed = self.parked.pop(page.file.src_uri, None)
        if packed is not None:
            page.content = unpack(packed)

    @staticmethod
    def drop(page: Page) -> None:
        page.content = ""
