#!/usr/bin/env bash
# `npm start`: installs npm packages and builds once if needed, then runs the launcher.
# (The production start is `npm run start:production`: built JavaScript only, see README.)
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then npm install --no-audit --no-fund; fi
if [ ! -f "${NEXT_DIST_DIR:-.next}/standalone/server.js" ] || [ ! -f dist/launcher.js ] || [ ! -f dist/flag-edge.js ]; then npm run build; fi
exec npx tsx scripts/start.ts "$@"
