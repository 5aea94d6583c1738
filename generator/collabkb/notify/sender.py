"""Posting to a robot webhook with the standard library: retries, backoff, a clear failure.

Network errors, HTTP 5xx and 429 (rate limited) are retried with exponential
backoff (``backoff``, ``2 × backoff``, ``4 × backoff`` … seconds; ``sleep`` is
injectable so tests do not wait). Other 4xx answers fail at once, and so does a
2xx answer whose JSON carries the platform's error code (``errcode``/``code`` ≠ 0),
since sending the same request again would fail the same way.
"""

from __future__ import annotations

import http.client
import json
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from typing import Any, Callable

TIMEOUT_SECONDS = 10


class SendError(Exception):
    """The message was not delivered; ``str()`` says why (never the webhook URL: it is a secret)."""


@dataclass(frozen=True, slots=True)
class Delivery:
    status: int
    reply: Any  # the decoded JSON answer
    attempts: int


def _retryable(status: int) -> bool:
    return status >= 500 or status == 429


def post(url: str, body: bytes, error: Callable[[Any], str | None], *, retries: int = 3,
         backoff: float = 2.0, sleep: Callable[[float], None] = time.sleep,
         timeout: float = TIMEOUT_SECONDS) -> Delivery:
    """POST ``body`` (JSON) to ``url``; ``error(reply)`` is the platform's verdict on a 2xx reply."""
    attempts = retries + 1
    last = ""
    for attempt in range(1, attempts + 1):
        request = urllib.request.Request(url, data=body, method="POST",
                                         headers={"Content-Type": "application/json; charset=utf-8"})
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:
                status, raw = response.status, response.read()
        except urllib.error.HTTPError as answer:
            status, raw = answer.code, answer.read()
            answer.close()
            if not _retryable(status):
                raise SendError(f"HTTP {status}: {_excerpt(raw)}") from None
            last = f"HTTP {status}: {_excerpt(raw)}"
        except (urllib.error.URLError, http.client.HTTPException, OSError) as problem:
            last = str(getattr(problem, "reason", problem)) or type(problem).__name__
        else:
            try:
                reply = json.loads(raw.decode("utf-8"))
            except (UnicodeDecodeError, json.JSONDecodeError):
                raise SendError(f"HTTP {status}: not a JSON reply: {_excerpt(raw)}") from None
            refusal = error(reply)
            if refusal is not None:
                raise SendError(refusal)
            return Delivery(status, reply, attempt)
        if attempt < attempts:
            sleep(backoff * 2 ** (attempt - 1))
    raise SendError(f"gave up after {attempts} attempts: {last}")


def _excerpt(raw: bytes) -> str:
    return raw.decode("utf-8", errors="replace").strip()[:300] or "(empty reply)"
