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
from typing import Sequence

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


def append(config: MkDocsConfig, entries: Sequence[SearchEntry], words: dict[str, str] | None = None) -> None:
    """Append ``entries`` to ``site_dir/search/search_index.json`` when Material's search wrote one.
    ``words`` (``mkdocs serve``): the previous build's segmented runs, replaced by this build's."""
    if not entries or not material_search(config):
        return
    path = os.path.join(config.site_dir, "search", "search_index.json")
    try:
        with open(path, encoding="utf-8") as handle:
            index = json.load(handle)
    except FileNotFoundError:
        return
    done: dict[str, str] = {}
    index["docs"].extend(segmented(entries, jieba.cut if jieba else None, done, words))
    if words is not None:  # keep only what this build used
        words.clear()
        words.update(done)
    with open(path, "w", encoding="utf-8") as handle:
        json.dump(index, handle, ensure_ascii=False, separators=(",", ":"))
