#!/usr/bin/env bash
# Install everything (Python packages, Debian's chromium for the browser tests), check the types, run the whole suite.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --browser
export NO_MKDOCS_2_WARNING=1 PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
# Types first: pyproject.toml's [tool.mypy] (the package, zero errors), then the whole suite.
.venv/bin/python -m mypy
exec .venv/bin/python -m pytest "$@"
