"""The ``collabkb`` command line: click commands only; each command module stays thin."""

from __future__ import annotations

import click


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="collabkb")
def main() -> None:
    """CollabKB: cross-department collaboration projects as YAML in git."""


# Each module adds its commands to ``main``.
from . import check  # noqa: E402,F401
from . import authoring  # noqa: E402,F401
from . import diff  # noqa: E402,F401
from . import documents  # noqa: E402,F401
from . import notify  # noqa: E402,F401
from . import excel  # noqa: E402,F401
from . import render  # noqa: E402,F401

__all__ = ["main"]
