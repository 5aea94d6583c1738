"""The message catalogue: every label and finding text, one YAML file per language."""

from __future__ import annotations

import reprlib
import string
from functools import lru_cache
from importlib import resources
from typing import Any

import yaml

LANGUAGES = ("zh", "en")
DEFAULT_LANGUAGE = "zh"


def brief(value: object) -> str:
    """A value quoted in a message: text as it is, anything else shortened (an aliased list
    in a YAML file may stand for millions of items)."""
    if isinstance(value, str):
        return value
    shortener = reprlib.Repr()  # Python 3.11 takes no options in the constructor
    shortener.maxlevel, shortener.maxlist, shortener.maxdict, shortener.maxstring = 2, 3, 3, 40
    return shortener.repr(value)


@lru_cache(maxsize=None)  # two languages: read each catalogue once
def _catalogue(language: str) -> dict[str, str]:
    text = resources.files("collabkb").joinpath("messages", f"{language}.yaml").read_text("utf-8")
    return yaml.load(text, Loader=yaml.CSafeLoader)


class _PluralFormatter(string.Formatter):
    """``{days:plural:day|days}`` → "day" when ``days`` is 1 or -1, else "days" (English
    plurals; Chinese messages need none). Every other field formats as ``str.format`` does."""

    def format_field(self, value: Any, format_spec: str) -> Any:
        if format_spec.startswith("plural:"):
            one, _, many = format_spec.removeprefix("plural:").partition("|")
            return one if isinstance(value, (int, float)) and abs(value) == 1 else many
        return super().format_field(value, format_spec)


_PLURAL = _PluralFormatter()


class Messages:
    """Formats catalogue entries: ``msg("yaml.empty", file=...)``; ``{n:plural:item|items}``
    picks the English singular or plural for the number ``n``."""

    __slots__ = ("language", "_entries")

    def __init__(self, language: str = DEFAULT_LANGUAGE) -> None:
        if language not in LANGUAGES:
            raise ValueError(f"unknown language {language!r}; use one of {', '.join(LANGUAGES)}")
        self.language = language
        self._entries = _catalogue(language)

    def __call__(self, message_key: str, /, **values: Any) -> str:
        template = self._entries[message_key]
        if ":plural:" in template:  # the slower pure-Python formatter only where it is needed
            return _PLURAL.vformat(template, (), values)
        return template.format(**values)

    def has(self, key: str) -> bool:
        return key in self._entries
