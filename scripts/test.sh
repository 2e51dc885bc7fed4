#!/usr/bin/env bash
# `npm test`: every test. Installs and starts what it needs, then type-checks, runs the unit and
# integration tests (real PostgreSQL, Redis, InfluxDB) and the end-to-end tests in Chromium
# against a production build. Fails when anything fails.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
echo "== typecheck"; npx tsc --noEmit
echo "== lint and import boundaries"; npm run --silent lint
echo "== unit + integration"; npx vitest run
echo "== build"; npx next build
echo "== end to end"; npx playwright test
