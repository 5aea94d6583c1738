"""Edits of the base files of ``make_kb``, for tables of cases that change one line."""

from __future__ import annotations

from typing import Callable


def append(text: str) -> Callable[[str], str]:
    """Add ``text`` at the end of the base file."""
    return lambda base: base + text


def replace(old: str, new: str) -> Callable[[str], str]:
    """Replace ``old`` (which must occur) in the base file."""

    def edit(base: str) -> str:
        assert old in base, f"{old!r} is not in the base file"
        return base.replace(old, new)

    return edit
