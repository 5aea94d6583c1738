#!/usr/bin/env bash
# Install everything, then build and serve the example wiki on http://127.0.0.1:8000/
# --dirty: after a save only the generated pages whose content changed are rendered again
# (docs/wiki.md: the nav and search of the other pages may be stale until a restart).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
export NO_MKDOCS_2_WARNING=1
exec .venv/bin/mkdocs serve --dirty --dev-addr "${COLLABKB_ADDR:-127.0.0.1:8000}" "$@"
