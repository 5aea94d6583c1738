"""``collabkb notify``: push the weekly digest to one configured chat-group robot.

At most once per channel and day (``notify/state.py``): under the state file's lock,
the intent is recorded before posting (no post when it cannot be), the outcome after.
Every problem printed is masked (``notify/secrets.py``): the webhook never shows.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
import time
from dataclasses import replace
from pathlib import Path
from types import ModuleType
from typing import Any, Callable

import click

from .. import notify as chat
from ..check import pipeline, publication
from ..notify import state
from ..notify.mentions import Mentions
from ..notify.message import Message, json_bytes
from ..notify.secrets import mask
from ..notify.sender import Delivery, SendError, post
from ..i18n import Messages
from ..check.config import locate
from ..portfolio.view import Portfolio
from ..report.markdown import digest
from . import main
from .common import EXIT_FINDINGS, EXIT_OK, config_at, config_file_option, fail, root_argument, today_for


@main.command()
@root_argument
@config_file_option
@click.option("--channel", "channel_name", required=True, metavar="NAME",
              help="A channel under notify.channels in mkdocs.yml.")
@click.option("--today", help="The date of the digest (YYYY-MM-DD); default $COLLABKB_TODAY, else today in the configured time zone.")
@click.option("--dry-run", is_flag=True, help="Print the payload instead of sending it.")
@click.option("--force", is_flag=True, help="Send even if the record says today's digest was sent or may have arrived.")
def notify(root: Path, config_file: Path | None, channel_name: str, today: str | None, dry_run: bool, force: bool) -> None:
    """Send the weekly digest to a DingTalk, WeCom or Feishu group robot (once per day and channel)."""
    config = config_at(root, config_file)
    root = config.root
    msg = config.messages
    try:
        settings = chat.settings(config.notify, msg)
        channel = chat.channel(config.notify, channel_name, msg)
    except chat.NotifyError as problem:  # the block is checked on reading: here only --channel is new
        fail(f"{locate(config, ('notify', *(problem.where or ())))}: {problem}")
    try:
        webhook, secret = chat.environment(channel, msg)
    except chat.NotifyError as problem:
        if not dry_run:
            fail(str(problem))
        click.echo(msg("notify.dry_run_without", problem=problem), err=True)  # a dry run needs no secrets
        webhook, secret = "", None
    day = today_for(today, config)
    result = publication.for_channel(pipeline.check(config, day), channel.confidential_ok)
    try:
        mentions = chat.mentions_for(channel, result, config.people, msg)
    except chat.NotifyError as problem:
        fail(str(problem))
    message, omitted = chat.compose(channel, digest(Portfolio.build(result, msg, config)), msg, day, config.site_url, mentions)
    if message.link is None:
        click.echo(msg("notify.no_site_url"), err=True)
    platform = channel.platform
    now = time.time()
    body = platform.body(message, secret, now)
    size = msg("notify.size", size=platform.size(message), limit=platform.LIMIT_BYTES, of=platform.LIMIT_OF,
               omitted=omitted)
    if dry_run:  # mobile numbers masked: a dry run's output lands in CI logs
        shown = replace(message, mentions=mentions.masked().mentioned)
        for document in [platform.body(shown, secret, now), *platform.followups(shown)]:
            click.echo(json.dumps(document, ensure_ascii=False, indent=2))
        if channel.mention_owners:
            click.echo(_mention_summary(mentions.masked(), msg), err=True)
        click.echo(msg("notify.dry_run", name=channel.name, platform=platform.NAME) + " " + size, err=True)
        sys.exit(EXIT_OK)
    path = state.state_path(root, config.notify)
    try:
        with state.locked(path):
            delivery = _send_once(path, channel, day, message.text, force,
                                  lambda: _deliver(platform, message, body, webhook, secret, now, settings),
                                  msg, (webhook, secret))
    except state.LockTimeout:
        fail(msg("notify.lock_timeout", file=path, seconds=int(state.LOCK_WAIT_SECONDS)))
    except state.Unwritable as error:  # nothing was sent
        fail(msg("notify.state_unwritable", file=path, reason=error))
    click.echo(msg("notify.sent", name=channel.name, platform=platform.NAME, attempts=delivery.attempts) + " " + size)
    click.echo(message.title)
    click.echo(message.text.rstrip("\n"))
    if message.link:
        click.echo(message.link)
    if channel.mention_owners:
        click.echo(_mention_summary(mentions.masked(), msg))


def _mention_summary(mentions: Mentions, msg: Messages) -> str:
    """``@-mentioned: 张伟 (138****5678); not mentionable (no phone number): 李娜``."""
    names = "、".join(f"{m.person} ({m.handle})" for m in mentions.mentioned) or "—"
    line = msg("notify.mention.summary", names=names)
    if mentions.unreachable:
        line += msg("notify.mention.unreachable", names="、".join(mentions.unreachable))
    return line


def _send_once(path: Path, channel: chat.Channel, day: dt.date, text: str, force: bool,
               send: Callable[[], Delivery], msg: Messages, secrets: tuple[str, str | None]) -> Delivery:
    """Record the intent, post, record the outcome (the caller holds the lock); exits when not sending."""
    earlier = state.record_for(path, channel.name, day)
    status = earlier.get("status", "sent") if earlier else None  # version-1 records were written after a send
    if status in state.BLOCKING and not force:
        assert earlier is not None
        at = earlier.get("at") or earlier.get("sent_at", "?")
        if status == "sent":
            click.echo(msg("notify.already_sent", name=channel.name, day=day, at=at, file=path))
            sys.exit(EXIT_OK)
        click.echo(msg("notify.uncertain_before", name=channel.name, day=day, at=at, file=path,
                       detail=earlier.get("detail") or status), err=True)
        sys.exit(EXIT_FINDINGS)
    try:
        state.mark(path, channel.name, day, "sending", text, _now())
    except OSError as error:
        fail(msg("notify.state_unwritable", file=path, reason=error.strerror or error))
    try:
        delivery = send()
    except SendError as problem:
        shown = mask(str(problem), *secrets)
        try:
            state.mark(path, channel.name, day, "uncertain" if problem.uncertain else "failed", text, _now(), shown)
        except OSError:
            pass  # the record still says "sending": no later run posts again, which is the safe side
        click.echo(msg("notify.failed", name=channel.name, platform=channel.platform.NAME, problem=shown), err=True)
        sys.exit(EXIT_FINDINGS)
    try:
        state.mark(path, channel.name, day, "sent", text, _now())
    except OSError as error:
        click.echo(msg("notify.sent_unrecorded", file=path, reason=error.strerror or error), err=True)
    return delivery


def _now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


def _deliver(platform: ModuleType, message: Message, body: dict[str, Any], webhook: str, secret: str | None,
             now: float, settings: chat.Settings) -> Delivery:
    """The digest, then the platform's follow-ups (WeCom's mentions, wecom.py): one send for the state record."""
    delivery = post(platform.url(webhook, secret, now), json_bytes(body), platform.error,
                    retries=settings.retries, backoff=settings.backoff)
    for followup in platform.followups(message):
        post(platform.url(webhook, secret, time.time()), json_bytes(followup), platform.error,
             retries=settings.retries, backoff=settings.backoff)
    return delivery
