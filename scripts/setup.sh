#!/usr/bin/env bash
# Installs and starts what Opsdeck's tests need on a fresh machine of this kind, idempotently:
# Debian's chromium, influxdb, prometheus, prometheus-alertmanager and haproxy, the local PostgreSQL/Redis/InfluxDB services, npm packages.
set -euo pipefail
cd "$(dirname "$0")/.."

need_apt=()
command -v chromium >/dev/null || need_apt+=(chromium)
command -v influxd >/dev/null || need_apt+=(influxdb)
# A real Prometheus scrapes Opsdeck and a real haproxy balances two instances in the integration tests.
command -v prometheus >/dev/null || need_apt+=(prometheus)
command -v haproxy >/dev/null || need_apt+=(haproxy)
command -v prometheus-alertmanager >/dev/null || need_apt+=(prometheus-alertmanager)
if [ ${#need_apt[@]} -gt 0 ]; then
  echo "setup: installing ${need_apt[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi

if ! pg_isready -h 127.0.0.1 -p 5432 -q; then
  echo "setup: starting PostgreSQL"
  pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql)" main start
fi
if ! redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1; then
  echo "setup: starting Redis"
  redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no --dir /var/lib/redis --logfile /var/log/redis/ci.log
fi
if ! curl -fsS -o /dev/null http://127.0.0.1:8086/ping 2>/dev/null; then
  echo "setup: starting InfluxDB"
  mkdir -p /var/lib/influxdb && chown -R influxdb:influxdb /var/lib/influxdb 2>/dev/null || true
  nohup influxd -config /etc/influxdb/influxdb.conf >/tmp/influxd.log 2>&1 &
  for _ in $(seq 1 60); do curl -fsS -o /dev/null http://127.0.0.1:8086/ping 2>/dev/null && break; sleep 0.5; done
fi

if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  # `npm install`, not `npm ci`: the registry here serves only this platform's optional builds
  # (e.g. Tailwind's oxide for linux-x64), which `npm ci` counts as a lock-file mismatch.
  echo "setup: installing npm packages"
  npm install --no-audit --no-fund
fi
