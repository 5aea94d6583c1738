"""Adds the generated pages' entries (``search_entries``) to the index Material's search wrote.

Material's ``search`` plugin writes ``search/search_index.json`` (``{"config": …, "docs":
[{location, title, text}, …]}``) in its ``on_post_build``; the ``collabkb`` plugin's own
``on_post_build`` runs after it (a lower event priority) and calls ``append``. Without
Material's search (not configured, or ``enabled: false``: ``material_search``) the pages are
not excluded, no entries are made and nothing is written. In a
``mkdocs serve --dirty`` rebuild Material rewrites its file from its own entries, so the
ones appended here are never counted twice.

The file is written back as UTF-8 without ``\\uXXXX`` escapes: Material's JSON escapes every
non-ASCII character, six bytes for a Chinese one where UTF-8 needs three (FACTS.md); the
browser decodes both alike.
"""

from __future__ import annotations

import json
import os
from typing import Any, Sequence, TextIO

from mkdocs.config.defaults import MkDocsConfig

from .search_entries import SearchEntry, segmented

try:
    import jieba
except ImportError:  # as Material: without jieba, Chinese is not segmented
    jieba = None

MATERIAL_SEARCH = "material/search"


def material_search(config: MkDocsConfig) -> bool:
    """Material's search plugin is configured and enabled: it will write the index ``append`` adds to."""
    search = config.plugins.get(MATERIAL_SEARCH)
    return search is not None and bool(search.config.get("enabled", True))


class Segmented:
    """``mkdocs serve``: what the previous build segmented, for the next (jieba cuts the same text
    the same way within one process): each entry's index row and each Han run's words."""

    def __init__(self) -> None:
        self.rows: dict[SearchEntry, dict[str, str]] = {}
        self.words: dict[str, str] = {}


def append(config: MkDocsConfig, entries: Sequence[SearchEntry], kept: Segmented | None = None) -> None:
    """Append ``entries`` to ``site_dir/search/search_index.json`` when Material's search wrote one.
    ``kept`` (``mkdocs serve``): the previous build's rows, replaced by this build's."""
    if not entries or not material_search(config):
        return
    path = os.path.join(config.site_dir, "search", "search_index.json")
    try:
        with open(path, encoding="utf-8") as handle:
            index = json.load(handle)
    except FileNotFoundError:
        return
    cut = jieba.cut if jieba else None
    if kept is None:
        index["docs"].extend(segmented(entries, cut))
    else:  # only entries not seen last time are segmented; keep only what this build used
        new = [e for e in dict.fromkeys(entries) if e not in kept.rows]
        words: dict[str, str] = {}
        rows = dict(zip(new, segmented(new, cut, words, kept.words)))
        rows.update((e, kept.rows[e]) for e in entries if e not in rows)
        index["docs"].extend(rows[e] for e in entries)
        kept.rows, kept.words = rows, {**kept.words, **words} if len(kept.words) < 200_000 else words
    with open(path, "w", encoding="utf-8") as handle:
        _write_compact(index, handle)


_ROWS_AT_ONCE = 2_000


def _write_compact(index: dict[str, Any], handle: TextIO, rows_at_once: int = _ROWS_AT_ONCE) -> None:
    """``json.dump(index, handle, ensure_ascii=False, separators=(",", ":"))``, byte for byte, through the
    C encoder (``dump`` goes through the pure-Python one) yet without the whole index as one string
    (28 MiB of text at 1,000 projects, the build's peak memory): ``docs`` is encoded some rows at a time."""
    handle.write("{")
    for number, (key, value) in enumerate(index.items()):
        handle.write(("," if number else "") + json.dumps(key, ensure_ascii=False) + ":")
        if key != "docs" or not isinstance(value, list):
            handle.write(json.dumps(value, ensure_ascii=False, separators=(",", ":")))
            continue
        handle.write("[")
        for start in range(0, len(value), rows_at_once):
            rows = json.dumps(value[start:start + rows_at_once], ensure_ascii=False, separators=(",", ":"))
            handle.write(("," if start else "") + rows[1:-1])
        handle.write("]")
    handle.write("}")
