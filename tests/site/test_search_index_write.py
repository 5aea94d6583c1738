"""The search index is written in pieces (memory) yet byte for byte as one ``json.dumps`` would write it."""

from __future__ import annotations

import io
import json

from hypothesis import given, settings
from hypothesis import strategies as st

from collabkb.site import search_index

TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=12)
ROW = st.dictionaries(st.sampled_from(["location", "title", "text", "tags"]), TEXT, max_size=4)


@settings(max_examples=200, deadline=None)
@given(config=st.dictionaries(TEXT, st.one_of(TEXT, st.lists(TEXT, max_size=3)), max_size=3),
       docs=st.lists(ROW, max_size=9), rows_at_once=st.integers(1, 4), docs_first=st.booleans())
def test_pieces_make_the_same_bytes_as_one_dumps(config: dict, docs: list, rows_at_once: int, docs_first: bool) -> None:
    index = {"docs": docs, "config": config} if docs_first else {"config": config, "docs": docs}
    out = io.StringIO()
    search_index._write_compact(index, out, rows_at_once)
    assert out.getvalue() == json.dumps(index, ensure_ascii=False, separators=(",", ":"))
