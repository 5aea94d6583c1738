"""Feishu / Lark (飞书) custom bot: an ``interactive`` card with a markdown element.

Limit: the request body is at most 20 KB; we keep it within 20,000 bytes (the
conservative reading), signature fields included. Signing ("签名校验"): the key
is ``timestamp_s + "\\n" + secret``, HMAC-SHA256 over an empty message, base64;
``timestamp`` and ``sign`` go in the JSON body. A reply is ``{"code": 0, …}``
(older endpoints: ``{"StatusCode": 0, …}``); any other code is a failure.
Card markdown has no headings, so ``#`` lines become bold lines.
@-mentions: ``<at id=ou_…></at>`` in the card's markdown (the card syntax; ``<at user_id="…">``
is the syntax of ``text`` and ``post`` messages, not of cards).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
from typing import Any

from .message import Message, json_bytes

NAME = "feishu"
LIMIT_BYTES = 20_000
LIMIT_OF = "body"
MENTION_BY = "feishu"  # an id from people.feishu in the collabkb block
_HEADING = re.compile(r"^#{1,6}\s+(.*)$", re.MULTILINE)


def signature(secret: str, timestamp_s: int) -> str:
    key = f"{timestamp_s}\n{secret}".encode()
    return base64.b64encode(hmac.new(key, b"", hashlib.sha256).digest()).decode()


def body(message: Message, secret: str | None, now: float) -> dict[str, Any]:
    content = _HEADING.sub(r"**\1**", message.text)
    if message.mentions:  # a card's markdown mentions with <at id=…></at> (open_id or user_id)
        content += "\n\n" + message.mention_label + " ".join(f"<at id={m.handle}></at>" for m in message.mentions)
    elements: list[dict[str, Any]] = [{"tag": "markdown", "content": content}]
    if message.link:
        elements.append({"tag": "action", "actions": [{
            "tag": "button", "type": "primary", "url": message.link,
            "text": {"tag": "plain_text", "content": message.link_label}}]})
    result: dict[str, Any] = {}
    if secret:
        timestamp = int(now)
        result.update(timestamp=str(timestamp), sign=signature(secret, timestamp))
    result.update(msg_type="interactive", card={
        "config": {"wide_screen_mode": True},
        "header": {"template": "orange", "title": {"tag": "plain_text", "content": message.title}},
        "elements": elements,
    })
    return result


def followups(message: Message) -> list[dict[str, Any]]:
    """Nothing beyond the one card: it carries its own mentions."""
    return []


def size(message: Message) -> int:
    # measured as if signed: a 10-digit timestamp and a 44-character signature
    return len(json_bytes(body(message, None, 0.0))) + len(',"timestamp":"0000000000","sign":""') + 44


def url(webhook: str, secret: str | None, now: float) -> str:
    return webhook


def error(reply: Any) -> str | None:
    if isinstance(reply, dict):
        code = reply.get("code", reply.get("StatusCode"))
        if code == 0:
            return None
        if code is not None:
            return f"code {code}: {reply.get('msg', reply.get('StatusMessage', ''))}"
    return f"unexpected reply {str(reply)[:200]}"
