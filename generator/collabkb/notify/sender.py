"""Posting to a robot webhook with the standard library: one deadline, a bounded reply, no second message.

A digest must arrive at most once, so a request is sent again only when it
certainly did not arrive:

- the connection could not be made (refused, unknown host, no connection within
  the deadline): nothing was sent;
- HTTP 429 (rate limited), 502 or 503 (a gateway or the service says it is
  unavailable): the robot did not take it.

Anything else after the request went out may mean it arrived, and is never
retried: a timeout or a reset while waiting for the answer, HTTP 500 or 504, a
2xx answer that is not JSON or is larger than ``MAX_REPLY_BYTES``. ``SendError``
says so (``uncertain``), and ``collabkb notify`` records it: a rerun does not
post again unless told to (``--force``). Other 4xx answers, and a 2xx answer
whose JSON carries the platform's error code, fail at once: not delivered, and
the same request would fail the same way.

``deadline`` bounds one whole request — connect, send, the answer's headers and
body — not each read: a timer shuts the socket down when it passes, so a server
that drips one byte a second cannot hold a run. Retries wait ``backoff``,
``2 × backoff`` … seconds (``sleep`` is injectable so tests do not wait).
No message or exception from here carries the webhook URL (see ``secrets``).
"""

from __future__ import annotations

import http.client
import json
import socket
import threading
import time
import urllib.parse
import urllib.request
from dataclasses import dataclass
from typing import Any, Callable

from .secrets import mask

DEADLINE_SECONDS = 15.0
MAX_REPLY_BYTES = 1 << 20  # a robot answers with a few dozen bytes of JSON
MAX_WAIT_SECONDS = 60.0  # the longest pause between two attempts, whatever ``backoff`` says
_RETRYABLE_STATUS = frozenset({429, 502, 503})


class SendError(Exception):
    """The message was not delivered (``uncertain``: it may have been); ``str()`` says why, masked."""

    def __init__(self, message: str, uncertain: bool = False) -> None:
        super().__init__(message)
        self.uncertain = uncertain


class _NotSent(Exception):
    """The connection failed before any byte of the request left: safe to try again."""


@dataclass(frozen=True, slots=True)
class Delivery:
    status: int
    reply: Any  # the decoded JSON answer
    attempts: int


def _connection(url: str, deadline: float) -> tuple[http.client.HTTPConnection, str]:
    """A connection for ``url`` (through the proxy the environment names, if any) and the request target."""
    try:
        split = urllib.parse.urlsplit(url)
        port = split.port or (443 if split.scheme == "https" else 80)  # ValueError for a port that is not a number
    except ValueError:
        raise SendError("the webhook is not a valid http(s) URL") from None
    if split.scheme not in ("http", "https") or not split.hostname:
        raise SendError("the webhook is not a valid http(s) URL")
    target = urllib.parse.urlunsplit(("", "", split.path or "/", split.query, ""))
    proxy = urllib.request.getproxies().get(split.scheme)
    if proxy and not urllib.request.proxy_bypass(split.hostname):
        via = urllib.parse.urlsplit(proxy if "//" in proxy else f"http://{proxy}")
        if split.scheme == "https":
            tunnel = http.client.HTTPSConnection(via.hostname or "", via.port or 80, timeout=deadline)
            tunnel.set_tunnel(split.hostname, port)
            return tunnel, target
        return http.client.HTTPConnection(via.hostname or "", via.port or 80, timeout=deadline), url
    kind = http.client.HTTPSConnection if split.scheme == "https" else http.client.HTTPConnection
    return kind(split.hostname, port, timeout=deadline), target


def _exchange(url: str, body: bytes, deadline: float) -> tuple[int, bytes]:
    """One request within ``deadline`` seconds: the status and at most ``MAX_REPLY_BYTES + 1`` bytes of answer."""
    connection, target = _connection(url, deadline)
    expired = threading.Event()

    def expire() -> None:
        expired.set()
        if connection.sock is not None:
            try:
                connection.sock.shutdown(socket.SHUT_RDWR)  # wakes a blocked read: the deadline is for the whole request
            except OSError:
                pass

    timer = threading.Timer(deadline, expire)
    timer.daemon = True
    timer.start()
    try:
        try:
            connection.connect()
        except (OSError, http.client.HTTPException) as problem:
            raise _NotSent(f"no connection within {deadline:g} s" if isinstance(problem, socket.timeout) or expired.is_set()
                           else _reason(problem)) from None
        if expired.is_set():
            raise _NotSent(f"no connection within {deadline:g} s")
        late = f"no complete answer within {deadline:g} s; the message may have been delivered"
        try:
            connection.request("POST", target, body=body, headers={"Content-Type": "application/json; charset=utf-8"})
            response = connection.getresponse()
            answer = response.status, response.read(MAX_REPLY_BYTES + 1)
        except (OSError, http.client.HTTPException) as problem:
            # The socket's own timeout equals the deadline and may fire just before the timer does.
            timed_out = expired.is_set() or isinstance(problem, socket.timeout)
            raise SendError(late if timed_out else f"{_reason(problem)}; the message may have been delivered",
                            uncertain=True) from None
        if expired.is_set():  # the shut-down socket can look like the end of a short answer
            raise SendError(late, uncertain=True)
        return answer
    finally:
        timer.cancel()
        connection.close()


def _reason(problem: BaseException) -> str:
    return mask(str(getattr(problem, "reason", None) or problem) or type(problem).__name__)


def _wait(backoff: float, attempt: int) -> float:
    return min(MAX_WAIT_SECONDS, backoff * 2 ** min(attempt - 1, 32))


def post(url: str, body: bytes, error: Callable[[Any], str | None], *, retries: int = 3,
         backoff: float = 2.0, sleep: Callable[[float], None] = time.sleep,
         deadline: float = DEADLINE_SECONDS) -> Delivery:
    """POST ``body`` (JSON) to ``url``; ``error(reply)`` is the platform's verdict on a 2xx reply."""
    attempts = retries + 1
    last = ""
    for attempt in range(1, attempts + 1):
        try:
            status, raw = _exchange(url, body, deadline)
        except _NotSent as problem:
            last = str(problem)
        else:
            if len(raw) > MAX_REPLY_BYTES:
                raise SendError(f"HTTP {status}: an answer larger than {MAX_REPLY_BYTES} bytes; "
                                "the message may have been delivered", uncertain=200 <= status < 300)
            if status in _RETRYABLE_STATUS:
                last = f"HTTP {status}: {_excerpt(raw)}"
            elif not 200 <= status < 300:
                uncertain = status >= 500  # 500, 504: the service may have posted before it failed
                tail = "; the message may have been delivered" if uncertain else ""
                raise SendError(f"HTTP {status}: {_excerpt(raw)}{tail}", uncertain=uncertain)
            else:
                try:
                    reply = json.loads(raw.decode("utf-8"))
                except (UnicodeDecodeError, json.JSONDecodeError):
                    raise SendError(f"HTTP {status}: not a JSON reply: {_excerpt(raw)}; the message may have been "
                                    "delivered", uncertain=True) from None
                verdict = error(reply)
                if verdict is not None:
                    raise SendError(mask(verdict))
                return Delivery(status, reply, attempt)
        if attempt < attempts:
            sleep(_wait(backoff, attempt))
    raise SendError(f"gave up after {attempts} attempts: {last}")


def _excerpt(raw: bytes) -> str:
    return mask(raw[:300].decode("utf-8", errors="replace").strip()) or "(empty reply)"
