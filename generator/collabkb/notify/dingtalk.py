"""DingTalk (钉钉) custom robot: a ``markdown`` message, optional signing in the URL.

Limit: DingTalk refuses a request body over 20,000 bytes (errcode 460101, "body
大小不合法 … 请保持大小在 20000bytes 以内"), so the whole JSON body is measured.
Signing ("加签"): ``sign = urlencode(base64(HMAC-SHA256(key=secret,
msg=timestamp_ms + "\\n" + secret)))``, appended as ``&timestamp=…&sign=…``.
A reply is ``{"errcode": 0, "errmsg": "ok"}``; any other errcode is a failure.
@-mentions: ``at.atMobiles`` (mobile numbers) plus ``@number`` in the text, as DingTalk requires.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import urllib.parse
from typing import Any

from .message import Message, errcode_error, json_bytes

NAME = "dingtalk"
LIMIT_BYTES = 20_000
LIMIT_OF = "body"


MENTION_BY = "phone"


def body(message: Message, secret: str | None, now: float) -> dict[str, Any]:
    text = message.text + (f"\n\n[{message.link_label}]({message.link})" if message.link else "")
    result: dict[str, Any] = {"msgtype": "markdown", "markdown": {"title": message.title, "text": text}}
    if message.mentions:
        # DingTalk notifies the numbers in at.atMobiles, and shows the mention only where the
        # text holds "@number" (which it then displays as the person's name).
        handles = [m.handle for m in message.mentions]
        result["markdown"]["text"] = text + "\n\n" + message.mention_label + " ".join(f"@{h}" for h in handles)
        result["at"] = {"atMobiles": handles, "isAtAll": False}
    return result


def followups(message: Message) -> list[dict[str, Any]]:
    """Nothing beyond the one message: markdown messages carry their own mentions."""
    return []


def size(message: Message) -> int:
    return len(json_bytes(body(message, None, 0.0)))


def signature(secret: str, timestamp_ms: int) -> str:
    digest = hmac.new(secret.encode(), f"{timestamp_ms}\n{secret}".encode(), hashlib.sha256).digest()
    return base64.b64encode(digest).decode()


def url(webhook: str, secret: str | None, now: float) -> str:
    if not secret:
        return webhook
    timestamp = int(now * 1000)
    query = urllib.parse.urlencode({"timestamp": timestamp, "sign": signature(secret, timestamp)})
    return f"{webhook}{'&' if '?' in webhook else '?'}{query}"


error = errcode_error
