"""``render._relpath`` (string splitting, no ``os.getcwd()``) answers as ``posixpath.relpath`` does."""

from __future__ import annotations

import posixpath

from hypothesis import given, settings
from hypothesis import strategies as st

from collabkb.site.render import _relpath

_PART = st.sampled_from(["a", "b", "projects", "研发部", "x y", ".", "..", "...", ".a", "", "index"])
_PATH = st.lists(_PART, min_size=1, max_size=5).map("/".join).filter(bool)


@settings(max_examples=3000, deadline=None)
@given(_PATH, _PATH)
def test_relpath_matches_posixpath(path: str, start: str) -> None:
    assert _relpath(path, start) == posixpath.relpath(path, start)
