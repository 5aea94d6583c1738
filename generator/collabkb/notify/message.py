"""The chat message every platform shares, and shortening it to a platform's limit.

Limits differ in what they measure (DingTalk and Feishu: the whole JSON body;
WeCom: the markdown content), so each platform module says how big a message
is (``size``) and how big it may be (``LIMIT_BYTES``); ``fit`` drops whole lines
from the end of the digest until it fits, says how many lines were left out,
and always keeps the title, the @-mentions and the link to the wiki's risk view.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, replace
from types import ModuleType
from typing import Any, Callable

from .mentions import Mention

_TABLE_RULE = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$")


@dataclass(frozen=True, slots=True)
class Message:
    title: str
    text: str  # markdown
    link: str | None  # the wiki's risk view, when site_url is configured
    link_label: str
    mentions: tuple[Mention, ...] = ()  # kept whole when the text is shortened (mentions.py)
    mention_label: str = ""  # the words before the mentions: "请以下责任人跟进："


def json_bytes(body: Any) -> bytes:
    """The bytes we post: UTF-8 JSON, Chinese as itself (a third of the size of ``\\uXXXX``)."""
    return json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode()


def errcode_error(reply: Any) -> str | None:
    """DingTalk and WeCom reply ``{"errcode": 0, "errmsg": "ok"}``; anything else is a failure."""
    if isinstance(reply, dict) and reply.get("errcode") == 0:
        return None
    if isinstance(reply, dict) and "errcode" in reply:
        return f"errcode {reply['errcode']}: {reply.get('errmsg', '')}"
    return f"unexpected reply {str(reply)[:200]}"


def chat_markdown(text: str) -> str:
    """Markdown the chat clients render: tables (which none of them draw) become
    lists, one ``a · b · c`` line per row; everything else is kept."""
    lines = []
    for line in text.splitlines():
        stripped = line.strip()
        if _TABLE_RULE.match(stripped) and "-" in stripped and "|" in stripped:
            continue
        if stripped.startswith("|") and stripped.endswith("|") and len(stripped) > 1:
            cells = [c.strip() for c in stripped[1:-1].split("|")]
            lines.append("- " + " · ".join(c for c in cells if c))
            continue
        lines.append(line)
    return "\n".join(lines).strip() + "\n"


def fit(platform: ModuleType, message: Message, omitted: Callable[[int], str]) -> tuple[Message, int]:
    """The message shortened to ``platform.LIMIT_BYTES`` and how many lines were left out.

    ``omitted(n)`` is the note that replaces the ``n`` lines cut from the end.
    """
    limit = platform.LIMIT_BYTES
    if platform.size(message) <= limit:
        return message, 0
    lines = message.text.rstrip("\n").split("\n")

    def cut(keep: int) -> Message:
        return replace(message, text="\n".join([*lines[:keep], "", omitted(len(lines) - keep)]))

    keep = _largest(len(lines) - 1, lambda n: platform.size(cut(n)) <= limit)
    if keep > 0:
        return cut(keep), len(lines) - keep
    # not even the first line fits (a very long line): keep as many of its characters as fit
    first = lines[0]

    def chars(count: int) -> Message:
        return replace(message, text=f"{first[:count]}…\n\n{omitted(len(lines))}")

    return chars(_largest(len(first), lambda n: platform.size(chars(n)) <= limit)), len(lines)


def _largest(high: int, fits: Callable[[int], bool]) -> int:
    """The largest ``n`` in ``0..high`` with ``fits(n)`` (``fits`` shrinks as ``n`` grows; 0 if none)."""
    low = 0
    while low < high:
        middle = (low + high + 1) // 2
        if fits(middle):
            low = middle
        else:
            high = middle - 1
    return low
