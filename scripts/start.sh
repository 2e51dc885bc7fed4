#!/usr/bin/env bash
# `npm start`: installs npm packages and builds once if needed, then runs the launcher.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then npm install --no-audit --no-fund; fi
[ -f "${NEXT_DIST_DIR:-.next}/BUILD_ID" ] || npx next build
exec npx tsx scripts/start.ts "$@"
