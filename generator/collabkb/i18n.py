"""The message catalogue: every label and finding text, one YAML file per language."""

from __future__ import annotations

from functools import lru_cache
from importlib import resources
from typing import Any

import yaml

LANGUAGES = ("zh", "en")
DEFAULT_LANGUAGE = "zh"


@lru_cache(maxsize=None)
def _catalogue(language: str) -> dict[str, str]:
    text = resources.files("collabkb").joinpath("messages", f"{language}.yaml").read_text("utf-8")
    return yaml.load(text, Loader=yaml.CSafeLoader)


class Messages:
    """Formats catalogue entries: ``msg("yaml.empty", file=...)``."""

    __slots__ = ("language", "_entries")

    def __init__(self, language: str = DEFAULT_LANGUAGE) -> None:
        if language not in LANGUAGES:
            raise ValueError(f"unknown language {language!r}; use one of {', '.join(LANGUAGES)}")
        self.language = language
        self._entries = _catalogue(language)

    def __call__(self, message_key: str, /, **values: Any) -> str:
        return self._entries[message_key].format(**values)

    def has(self, key: str) -> bool:
        return key in self._entries
