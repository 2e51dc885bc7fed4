#!/usr/bin/env bash
# Runs deploy/Dockerfile's steps (deploy/build-image.sh) in a clean folder — the committed sources
# only, no node_modules, no build — then starts the runtime folder with nothing but Node and the
# environment, and fetches the first page. No container engine runs here; this is the test of the recipe.
#   REUSE_BUILD=1   skip deps+build and assemble the runtime from this checkout's build (quick check)
set -euo pipefail
cd "$(dirname "$0")/.."
root="$(pwd)"
work="$(mktemp -d /tmp/opsdeck-image.XXXXXX)"
port="${IMAGE_TEST_PORT:-3390}"
db="opsdeck_image_$RANDOM"
server=""
cleanup() {
  [ -n "$server" ] && kill -TERM "$server" 2>/dev/null && wait "$server" 2>/dev/null || true
  psql -h 127.0.0.1 -U postgres -qc "DROP DATABASE IF EXISTS $db WITH (FORCE)" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

if [ "${REUSE_BUILD:-0}" = 1 ]; then
  src="$root"
else
  src="$work/src"
  mkdir -p "$src"
  git archive HEAD | tar -x -C "$src"
  bash deploy/build-image.sh deps "$src"
  bash deploy/build-image.sh build "$src"
fi
started=$(date +%s%N)
bash deploy/build-image.sh runtime "$src" "$work/app"
echo "runtime folder assembled in $(( ($(date +%s%N) - started) / 1000000 )) ms: $(du -sh "$work/app" | cut -f1)"

psql -h 127.0.0.1 -U postgres -qc "CREATE DATABASE $db"
cd "$work/app"
started=$(date +%s%N)
# The image's own NODE_OPTIONS (its heap bound), read from the Dockerfile so the two cannot differ.
node_options="$(sed -n 's/^ENV NODE_OPTIONS=//p' "$root/deploy/Dockerfile")"
[ -n "$node_options" ] || { echo "deploy/Dockerfile sets no NODE_OPTIONS" >&2; exit 1; }
env -i PATH="$(dirname "$(command -v node)")" HOME="$work" NODE_ENV=production HOST=127.0.0.1 PORT="$port" NODE_OPTIONS="$node_options" \
  DATABASE_URL="postgresql://postgres@127.0.0.1:5432/$db" AUTH_SECRET="$(head -c 32 /dev/urandom | base64)" OPSDECK_DEV_LOGIN=true \
  node dist/launcher.js > "$work/server.log" 2>&1 &
server=$!
for _ in $(seq 1 240); do
  if curl -fsS -o /dev/null "http://127.0.0.1:$port/api/health/live"; then break; fi
  kill -0 "$server" 2>/dev/null || { cat "$work/server.log"; echo "the image's server exited" >&2; exit 1; }
  sleep 0.25
done
page=$(curl -fsS "http://127.0.0.1:$port/signin")
echo "first page after $(( ($(date +%s%N) - started) / 1000000 )) ms (start to /signin answered)"
grep -q "Opsdeck" <<<"$page" || { echo "the first page does not look like Opsdeck" >&2; exit 1; }
kill -TERM "$server"
wait "$server" && status=0 || status=$?
server=""
[ "$status" = 0 ] || { cat "$work/server.log"; echo "SIGTERM exit code $status, expected 0" >&2; exit 1; }
echo "container recipe: OK"
