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

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, InclusionLevel

LEVEL = 1  # the fastest: the text is highly repetitive HTML, level 6 packs it only ≈ 15 % smaller


class Packed(bytes):
    """UTF-8 text, zlib-compressed; the type says it must be unpacked before use."""


def pack(text: str) -> Packed:
    return Packed(zlib.compress(text.encode("utf-8"), LEVEL))


def unpack(data: Packed) -> str:
    return zlib.decompress(data).decode("utf-8")


class PackedFile(File):
    """A generated file whose content may be ``Packed``: read back unpacked, as MkDocs expects a
    page's source. Made with ``made``; the packed text is this class's own attribute, so nothing of
    MkDocs' private state is read or written (the base class holds an empty text meanwhile)."""

    packed: Packed | None = None

    @classmethod
    def made(cls, config: MkDocsConfig, src_uri: str, content: str | bytes,
             inclusion: InclusionLevel = InclusionLevel.UNDEFINED) -> "PackedFile":
        """``File.generated`` for content that may be ``Packed``."""
        file = cls.generated(config, src_uri, content="" if isinstance(content, Packed) else content,
                             inclusion=inclusion)
        assert isinstance(file, PackedFile)  # a classmethod: it makes an instance of ``cls``
        if isinstance(content, Packed):
            file.packed = content
        return file

    @property
    def content_bytes(self) -> bytes:
        if self.packed is not None:
            return zlib.decompress(self.packed)
        return super().content_bytes

    @content_bytes.setter
    def content_bytes(self, value: bytes) -> None:
        self.packed = None
        File.content_bytes.fset(self, value)  # type: ignore[attr-defined]

    @property
    def content_string(self) -> str:
        if self.packed is not None:
            return unpack(self.packed)
        return super().content_string

    @content_string.setter
    def content_string(self, value: str) -> None:
        self.packed = None
        File.content_string.fset(self, value)  # type: ignore[attr-defined]
