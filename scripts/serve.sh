#!/usr/bin/env bash
# Install everything, then build and serve the example wiki on http://127.0.0.1:8000/
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
export NO_MKDOCS_2_WARNING=1
exec .venv/bin/mkdocs serve --dev-addr "${COLLABKB_ADDR:-127.0.0.1:8000}" "$@"
