"""Page text the build holds but does not read yet, kept compressed (issue 14 item 4).

A build holds every generated page twice over before it writes the first one: ``build_site``
renders every page's Markdown (the plugin hands all of them to MkDocs in ``on_files``), and
MkDocs converts every page to HTML before it renders any into the theme (``mkdocs.commands.build``:
all ``_populate_page`` calls, then all ``_build_page`` calls). At 1,000 projects that is about
500 MiB of Markdown and 475 MiB of HTML as Python strings (Chinese text makes a ``str`` two bytes a
character), most of the build's peak memory. Each piece is read once, later; zlib at level 1 keeps
it at about a seventh of its UTF-8 size for ≈ 5 ms a MiB to pack and ≈ 3 ms to unpack.

- ``GeneratedPage.markdown`` (``renderer``) is stored as ``Packed`` and unpacked when read;
- ``PackedFile``: a generated file whose content is ``Packed`` answers ``content_bytes`` and
  ``content_string`` unpacked, so MkDocs (and any plugin) reads it as any file;
- ``fast_html.FastPages`` packs a generated page's HTML after the last ``on_page_content`` and
  unpacks it before the first ``on_page_context``; after the last ``on_post_page`` it is dropped.
"""

from __future__ import annotations

import zlib

from mkdocs.structure.files import File

LEVEL = 1  # the fastest: the text is highly repetitive HTML, level 6 packs it only ≈ 15 % smaller


class Packed(bytes):
    """UTF-8 text, zlib-compressed; the type says it must be unpacked before use."""


def pack(text: str) -> Packed:
    return Packed(zlib.compress(text.encode("utf-8"), LEVEL))


def unpack(data: Packed) -> str:
    return zlib.decompress(data).decode("utf-8")


class PackedFile(File):
    """A file whose content may be ``Packed``: read back unpacked, as MkDocs expects a page's source."""

    @property
    def content_bytes(self) -> bytes:
        content = self._content
        if isinstance(content, Packed):
            return zlib.decompress(content)
        return File.content_bytes.fget(self)  # type: ignore[attr-defined]

    @content_bytes.setter
    def content_bytes(self, value: bytes) -> None:
        File.content_bytes.fset(self, value)  # type: ignore[attr-defined]

    @property
    def content_string(self) -> str:
        content = self._content
        if isinstance(content, Packed):
            return unpack(content)
        return File.content_string.fget(self)  # type: ignore[attr-defined]

    @content_string.setter
    def content_string(self, value: str) -> None:
        File.content_string.fset(self, value)  # type: ignore[attr-defined]
