#!/usr/bin/env bash
# `npm test`: every test. Installs and starts what it needs, then type-checks, runs the unit and
# integration tests (real PostgreSQL, Redis, InfluxDB) and the end-to-end tests in Chromium
# against the production build (dist/launcher.js and a flag edge), then runs the container
# recipe's steps in a clean folder. Fails when anything fails.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
echo "== typecheck"; npx tsc --noEmit
echo "== lint and import boundaries"; npm run --silent lint
echo "== unit + integration"; npx vitest run
echo "== build"; npm run build
echo "== end to end"; npx playwright test
echo "== container recipe"; bash deploy/test-image.sh
