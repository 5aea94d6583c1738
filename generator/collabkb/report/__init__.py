"""Reporters: one module per ``--format``; each only formats findings, never decides them.

A reporter is ``write(result, msg, out, *, color)``. The registry below feeds
``click.Choice``, so a new format is one module and one line here.
"""

from __future__ import annotations

from typing import Callable, TextIO

from ..i18n import Messages
from ..check.result import Checked
from . import github, gitlab, json_report, markdown, text

Reporter = Callable[[Checked, Messages, TextIO], None]

REPORTERS: dict[str, Callable[..., None]] = {
    "text": text.write,
    "json": json_report.write,
    "github": github.write,
    "gitlab": gitlab.write,
    "markdown": markdown.write,
}
