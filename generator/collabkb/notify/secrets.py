"""Masking webhook credentials in anything shown to people or written to a log.

A robot's webhook URL is its password: DingTalk's ``access_token``, WeCom's ``key``,
Feishu's ``/hook/<token>``, and the ``sign`` of a signed request. ``mask`` replaces
them with ``***`` in a text — an error message, an exception from the HTTP library
that quotes the URL, a server's answer that echoes it — and also replaces any of the
exact ``values`` given (the webhook and the signing secret from the environment).
"""

from __future__ import annotations

import re
from urllib.parse import quote

HIDDEN = "***"
_QUERY = re.compile(r"((?:access_token|token|key|sign|secret)=)[^&#\s'\"<>]+", re.IGNORECASE)
_HOOK = re.compile(r"(/hook/)[^/?#\s'\"<>]+", re.IGNORECASE)


def mask(text: str, *values: str | None) -> str:
    """``text`` with credentials in URLs, and every non-empty ``values`` string, replaced by ``***``."""
    for value in sorted((v for v in values if v), key=len, reverse=True):
        text = text.replace(value, HIDDEN).replace(quote(value, safe=""), HIDDEN)  # as written, or URL-encoded
    text = _QUERY.sub(rf"\g<1>{HIDDEN}", text)
    return _HOOK.sub(rf"\g<1>{HIDDEN}", text)

