"""WeCom (企业微信) group robot: a ``markdown`` message; no signing (the key is in the URL).

Limit: ``markdown.content`` is at most 4,096 bytes of UTF-8 (errcode 40058
"markdown.content exceed max length 4096"), so the content alone is measured.
A reply is ``{"errcode": 0, "errmsg": "ok"}``; any other errcode is a failure.
@-mentions: a second, ``text`` message with ``mentioned_mobile_list`` (see ``followups``).
"""

from __future__ import annotations

from typing import Any

from .message import Message, errcode_error

NAME = "wecom"
LIMIT_BYTES = 4096
LIMIT_OF = "markdown.content"
MENTION_BY = "phone"


def _content(message: Message) -> str:
    head = f"**{message.title}**\n\n"
    tail = f"\n\n[{message.link_label}]({message.link})" if message.link else ""
    return head + message.text + tail


def body(message: Message, secret: str | None, now: float) -> dict[str, Any]:
    return {"msgtype": "markdown", "markdown": {"content": _content(message)}}


def followups(message: Message) -> list[dict[str, Any]]:
    """WeCom's markdown mentions only by userid (``<@userid>``), which a knowledge base does not
    have; mobile numbers can be mentioned only in a ``text`` message (``mentioned_mobile_list``).
    So the mentions follow the digest as one short text message."""
    if not message.mentions:
        return []
    names = "、".join(m.person for m in message.mentions)
    return [{"msgtype": "text", "text": {"content": f"{message.mention_label}{names}",
                                         "mentioned_mobile_list": [m.handle for m in message.mentions]}}]


def size(message: Message) -> int:
    return len(_content(message).encode())


def url(webhook: str, secret: str | None, now: float) -> str:
    return webhook


error = errcode_error
