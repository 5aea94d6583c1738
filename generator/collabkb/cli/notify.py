"""``collabkb notify``: push the weekly digest to one configured chat-group robot."""

from __future__ import annotations

import datetime as dt
import json
import sys
import time
from pathlib import Path

import click

from .. import notify as chat
from ..check import pipeline
from ..check.config import locate
from ..notify.message import json_bytes
from ..notify.sender import SendError, post
from ..notify.state import record, sent_on, state_path
from ..portfolio.view import Portfolio
from ..report.markdown import digest
from . import main
from .common import EXIT_FINDINGS, EXIT_OK, config_at, fail, root_argument, today_for


@main.command()
@root_argument
@click.option("--channel", "channel_name", required=True, metavar="NAME",
              help="A channel under notify.channels in mkdocs.yml.")
@click.option("--today", help="The date of the digest (YYYY-MM-DD); default $COLLABKB_TODAY, else today in the configured time zone.")
@click.option("--dry-run", is_flag=True, help="Print the payload instead of sending it.")
def notify(root: Path, channel_name: str, today: str | None, dry_run: bool) -> None:
    """Send the weekly digest to a DingTalk, WeCom or Feishu group robot (once per day and channel)."""
    config = config_at(root)
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
    result = pipeline.check(config, day)
    message, omitted = chat.compose(channel, digest(Portfolio.build(result, msg, config)), msg, day, config.site_url)
    if message.link is None:
        click.echo(msg("notify.no_site_url"), err=True)
    platform = channel.platform
    now = time.time()
    body = platform.body(message, secret, now)
    size = msg("notify.size", size=platform.size(message), limit=platform.LIMIT_BYTES, of=platform.LIMIT_OF,
               omitted=omitted)
    if dry_run:
        click.echo(json.dumps(body, ensure_ascii=False, indent=2))
        click.echo(msg("notify.dry_run", name=channel.name, platform=platform.NAME) + " " + size, err=True)
        sys.exit(EXIT_OK)
    path = state_path(root, config.notify)
    earlier = sent_on(path, channel.name, day)
    if earlier is not None:
        click.echo(msg("notify.already_sent", name=channel.name, day=day, at=earlier.get("sent_at", "?"),
                       file=path))
        sys.exit(EXIT_OK)
    try:
        delivery = post(platform.url(webhook, secret, now), json_bytes(body), platform.error,
                        retries=settings.retries, backoff=settings.backoff)
    except SendError as problem:
        click.echo(msg("notify.failed", name=channel.name, platform=platform.NAME, problem=problem), err=True)
        sys.exit(EXIT_FINDINGS)
    record(path, channel.name, day, message.text, dt.datetime.now(dt.timezone.utc))
    click.echo(msg("notify.sent", name=channel.name, platform=platform.NAME, attempts=delivery.attempts) + " " + size)
    click.echo(message.title)
    click.echo(message.text.rstrip("\n"))
    if message.link:
        click.echo(message.link)
