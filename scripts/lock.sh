#!/usr/bin/env bash
# Refresh constraints.txt: the exact versions every install uses (scripts/setup.sh, so .ci/run and serve.sh).
# pyproject.toml keeps lower bounds only; this resolves the newest versions that satisfy them, for
# Python 3.11 on every platform. Run it, then run scripts/test.sh, and commit constraints.txt if green.
set -euo pipefail
cd "$(dirname "$0")/.."
[[ -x .venv/bin/python ]] || scripts/setup.sh
.venv/bin/python -m pip install -q --disable-pip-version-check "uv>=0.4"
.venv/bin/python -m uv pip compile pyproject.toml --extra test --universal --python-version 3.11 \
  --custom-compile-command "scripts/lock.sh" --quiet -o constraints.txt
echo "constraints.txt refreshed: review 'git diff constraints.txt', then scripts/test.sh"
