#!/usr/bin/env bash
# The container recipe's steps, shared by deploy/Dockerfile (one step per stage) and by
# deploy/test-image.sh (every step in a clean folder, then start the result with Node only),
# so what the image does cannot drift from what is tested.
#   deps      <dir>          npm ci (with dev dependencies: the build needs them)
#   build     <dir>          npm run build: Next's standalone server, dist/launcher.js, dist/flag-edge.js
#   runtime   <from> <to>    the runtime folder: production dependencies only, plus the build output
set -euo pipefail
step="${1:?usage: build-image.sh deps|build|runtime …}"
case "$step" in
  deps)
    cd "${2:?dir}"
    npm ci --no-audit --no-fund
    ;;
  build)
    cd "${2:?dir}"
    npm run build
    ;;
  runtime)
    from="$(cd "${2:?from}" && pwd)"
    mkdir -p "${3:?to}"
    to="$(cd "$3" && pwd)"
    cp "$from/package.json" "$from/package-lock.json" "$to/"
    # No install scripts: postinstall generates the Prisma client, which the build already bundled.
    (cd "$to" && npm ci --omit=dev --ignore-scripts --no-audit --no-fund)
    mkdir -p "$to/.next" "$to/prisma"
    cp -R "$from/.next/standalone" "$to/.next/standalone"
    cp -R "$from/dist" "$to/dist"
    cp -R "$from/prisma/migrations" "$to/prisma/migrations"
    ;;
  *)
    echo "unknown step: $step" >&2
    exit 2
    ;;
esac
