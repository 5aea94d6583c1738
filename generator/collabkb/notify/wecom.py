"""WeCom (企业微信) group robot: a ``markdown`` message; no signing (the key is in the URL).

Limit: ``markdown.content`` is at most 4,096 bytes of UTF-8 (errcode 40058
"markdown.content exceed max length 4096"), so the content alone is measured.
A reply is ``{"errcode": 0, "errmsg": "ok"}``; any other errcode is a failure.
"""

from __future__ import annotations

from typing import Any

from .message import Message, errcode_error

NAME = "wecom"
LIMIT_BYTES = 4096
LIMIT_OF = "markdown.content"


def _content(message: Message) -> str:
    head = f"**{message.title}**\n\n"
    tail = f"\n\n[{message.link_label}]({message.link})" if message.link else ""
    return head + message.text + tail


def body(message: Message, secret: str | None, now: float) -> dict[str, Any]:
    return {"msgtype": "markdown", "markdown": {"content": _content(message)}}


def size(message: Message) -> int:
    return len(_content(message).encode())


def url(webhook: str, secret: str | None, now: float) -> str:
    return webhook


error = errcode_error
