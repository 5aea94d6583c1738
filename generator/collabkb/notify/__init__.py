"""Chat-group digests: the weekly digest pushed to DingTalk, WeCom and Feishu robots.

One module per platform (``dingtalk``, ``wecom``, ``feishu``: payload, limit,
signing, reply check, mentions), ``message`` (shortening to a limit), ``mentions``
(who is @-mentioned, by what), ``sender`` (HTTP with one deadline and safe retries),
``state`` (lock and record: once per channel and day) and ``secrets`` (masking webhook
credentials). This module reads the
``notify`` block of the configuration and puts a channel's message together;
``collabkb notify`` (cli/notify.py) drives it.

Configuration (``mkdocs.yml``, ``collabkb`` block)::

    notify:
      retries: 3            # optional (0–10): attempts after the first, when the message certainly did not arrive
      backoff: 2            # optional (0–60): seconds before the first retry, doubled each time (each pause ≤ 60 s)
      state_file: .collabkb/notify-state.json   # optional
      channels:
        market-group:
          platform: dingtalk              # dingtalk | wecom | feishu
          webhook_env: DINGTALK_WEBHOOK   # the environment variable holding the robot URL
          secret_env: DINGTALK_SECRET     # optional: the one holding the signing secret
          mention_owners: true            # optional: @-mention owners of overdue tasks / unanswered high risks
          confidential_ok: false          # optional: may this group read about confidential projects
"""

from __future__ import annotations

import difflib
import math
import os
from dataclasses import dataclass
from types import ModuleType
from typing import Any, Mapping

from ..check.result import Checked
from ..i18n import Messages, brief
from . import dingtalk, feishu, wecom
from .mentions import Mentions, PeopleIdsError, feishu_ids, owners, phone_book, resolve
from .message import Message, chat_markdown, fit

PLATFORMS: Mapping[str, ModuleType] = {module.NAME: module for module in (dingtalk, wecom, feishu)}
RISK_VIEW = "views/risks/"
_CHANNEL_KEYS = ("platform", "webhook_env", "secret_env", "mention_owners", "confidential_ok")
_NOTIFY_KEYS = ("channels", "retries", "backoff", "state_file")


class NotifyError(Exception):
    """A configuration or environment problem (exit 2); the text is already translated.

    ``where`` is the key path under ``notify`` that is wrong (``("channels", "g", "platform")``),
    ``None`` for a problem outside the file (an environment variable); the configuration
    reader turns it into a position (``check.config``).
    """

    def __init__(self, message: str, where: tuple[str, ...] | None = None) -> None:
        super().__init__(message)
        self.where = where


@dataclass(frozen=True, slots=True)
class Channel:
    name: str
    platform: ModuleType
    webhook_env: str
    secret_env: str | None
    mention_owners: bool = False
    confidential_ok: bool = False


@dataclass(frozen=True, slots=True)
class Settings:
    retries: int = 3
    backoff: float = 2.0


_LIMITS = {"retries": 10, "backoff": 60.0}  # at most: attempts after the first; seconds before the first retry


def _closest(word: str, choices: list[str], msg: Messages) -> str:
    close = [c for c in difflib.get_close_matches(word, choices, n=2, cutoff=0.5) if c != word][:1]
    return msg("notify.did_you_mean", value=close[0]) if close else msg("notify.choices", values=", ".join(sorted(choices)) or "—")


def settings(notify: Mapping[str, Any], msg: Messages) -> Settings:
    if not isinstance(notify, Mapping):
        raise NotifyError(msg("notify.bad_block"), ())
    for key in notify:
        if key not in _NOTIFY_KEYS:
            raise NotifyError(msg("notify.unknown_key", key=f"notify.{key}", hint=_closest(key, list(_NOTIFY_KEYS), msg)), (key,))
    values: dict[str, float] = {}
    for key, kind in (("retries", int), ("backoff", float)):
        if key in notify:
            problem = NotifyError(msg("notify.bad_number", key=f"notify.{key}", value=brief(notify[key]),
                                      limit=_LIMITS[key]), (key,))
            if isinstance(notify[key], bool) or not isinstance(notify[key], (int, float, str)):
                raise problem
            try:
                values[key] = kind(notify[key])
            except (ValueError, OverflowError):
                raise problem from None
            if not math.isfinite(values[key]) or not 0 <= values[key] <= _LIMITS[key]:
                raise problem
    return Settings(int(values.get("retries", 3)), float(values.get("backoff", 2.0)))


def check_block(notify: Any, msg: Messages) -> None:
    """The whole ``notify`` block, every channel included; ``NotifyError`` says what is wrong
    (read when the configuration is read, so a typo fails every command, not only ``notify``)."""
    settings(notify, msg)
    channels = notify.get("channels") or {}
    if not isinstance(channels, Mapping):
        raise NotifyError(msg("notify.bad_block"), ("channels",))
    for name in channels:
        channel(notify, str(name), msg)


def channel(notify: Mapping[str, Any], name: str, msg: Messages) -> Channel:
    """The channel ``name`` from the ``notify`` block, checked; ``NotifyError`` says what is wrong."""
    settings(notify, msg)
    channels = notify.get("channels") or {}
    if not isinstance(channels, Mapping):
        raise NotifyError(msg("notify.bad_block"), ("channels",))
    if not channels:
        raise NotifyError(msg("notify.no_channels", name=name), ())
    if name not in channels:
        raise NotifyError(msg("notify.unknown_channel", name=name, hint=_closest(name, [str(c) for c in channels], msg)), ("channels",))
    entry = channels[name]
    if not isinstance(entry, Mapping):
        raise NotifyError(msg("notify.bad_channel", name=name), ("channels", name))
    for key in entry:
        if key not in _CHANNEL_KEYS:
            raise NotifyError(msg("notify.unknown_key", key=f"notify.channels.{name}.{key}",
                                  hint=_closest(str(key), list(_CHANNEL_KEYS), msg)), ("channels", name, str(key)))
    platform = entry.get("platform")
    if platform not in PLATFORMS:
        raise NotifyError(msg("notify.bad_platform", name=name, value=platform,
                              hint=_closest(str(platform), list(PLATFORMS), msg)), ("channels", name, "platform"))
    webhook_env = entry.get("webhook_env")
    if not webhook_env or not isinstance(webhook_env, str):
        raise NotifyError(msg("notify.no_webhook_env", name=name), ("channels", name, "webhook_env"))
    secret_env = entry.get("secret_env")
    if secret_env is not None and not isinstance(secret_env, str):
        raise NotifyError(msg("notify.bad_channel", name=name), ("channels", name, "secret_env"))
    flags = {}
    for key in ("mention_owners", "confidential_ok"):
        flags[key] = _flag(entry.get(key, False))
        if flags[key] is None:
            raise NotifyError(msg("notify.bad_flag", key=f"notify.channels.{name}.{key}", value=entry.get(key)),
                              ("channels", name, key))
    return Channel(str(name), PLATFORMS[str(platform)], webhook_env, secret_env or None,
                   mention_owners=bool(flags["mention_owners"]), confidential_ok=bool(flags["confidential_ok"]))


def _flag(value: Any) -> bool | None:
    """A YAML 1.1 boolean (the block holds scalars as written: ``true``, ``yes``, ``off``…); ``None`` otherwise."""
    if isinstance(value, bool):
        return value
    word = str(value).lower()
    return True if word in ("true", "yes", "on") else False if word in ("false", "no", "off") else None


def environment(chan: Channel, msg: Messages, env: Mapping[str, str] | None = None) -> tuple[str, str | None]:
    """The webhook URL and signing secret from the environment; a missing variable is a ``NotifyError``."""
    env = os.environ if env is None else env
    webhook = env.get(chan.webhook_env, "").strip()
    if not webhook:
        raise NotifyError(msg("notify.missing_env", variable=chan.webhook_env, name=chan.name))
    if not webhook.startswith(("https://", "http://")) or any(c.isspace() or ord(c) < 32 or ord(c) == 127 for c in webhook):
        raise NotifyError(msg("notify.bad_webhook", variable=chan.webhook_env))  # never the value: it is a secret
    secret = None
    if chan.secret_env:
        secret = env.get(chan.secret_env, "").strip()
        if not secret:
            raise NotifyError(msg("notify.missing_env", variable=chan.secret_env, name=chan.name))
    return webhook, secret


def mentions_for(chan: Channel, checked: Checked, people: Mapping[str, Any], msg: Messages) -> Mentions:
    """Who the channel's message @-mentions (nobody unless ``mention_owners: true``)."""
    if not chan.mention_owners:
        return Mentions()
    if chan.platform.MENTION_BY == "phone":
        handles = phone_book(checked.kb)
    else:
        try:
            handles = feishu_ids(people, msg)
        except PeopleIdsError as problem:
            raise NotifyError(f"people.{'.'.join(problem.where)}: {problem}") from None
    return resolve(owners(checked.kb, checked.findings), handles)


def compose(chan: Channel, digest: str, msg: Messages, today: Any, site_url: str | None,
            mentions: Mentions = Mentions()) -> tuple[Message, int]:
    """The channel's message: the digest in chat markdown, a title, the @-mentions, the risk-view
    link, shortened to the platform's limit; also how many digest lines were left out."""
    link = site_url.rstrip("/") + "/" + RISK_VIEW if site_url else None
    message = Message(msg("notify.title", today=today), chat_markdown(digest), link, msg("notify.risk_link"),
                      mentions.mentioned, msg("notify.mention.label") if mentions.mentioned else "")
    return fit(chan.platform, message, lambda count: msg("notify.truncated", count=count))
