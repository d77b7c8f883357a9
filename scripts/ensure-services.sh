#!/usr/bin/env bash
# Make sure Debian's redis-server and PostgreSQL server binaries are installed.
# Used by the storage engine tests (test/storage/engines.ts starts private instances of both).
# Does nothing when both are already installed; otherwise installs the missing ones with apt-get
# (needs root, or passwordless sudo). The packages' own system services are not needed and are left alone.
#
#   bash scripts/ensure-services.sh            install when missing
#   bash scripts/ensure-services.sh --start    and start a local Redis and PostgreSQL for a gateway
#                                              (data in $SERVICES_DIR, default /tmp/modelgate-services;
#                                              ports $REDIS_PORT, default 6379, and $PG_PORT, default 5432);
#                                              prints REDIS_URL=… and DATABASE_URL=… for the config
#   bash scripts/ensure-services.sh --stop     stop them (the data stays)
set -euo pipefail

mode="${1:-}"
case "$mode" in
  ""|--start|--stop) ;;
  *) echo "ensure-services: unknown option '$mode' (use --start or --stop, or nothing to only install)" >&2; exit 2 ;;
esac
SERVICES_DIR="${SERVICES_DIR:-/tmp/modelgate-services}"
REDIS_PORT="${REDIS_PORT:-6379}"
PG_PORT="${PG_PORT:-5432}"

pg_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1; }
# PostgreSQL refuses to run as root: as root, its tools run as the 'postgres' system user.
as_pg() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

stop_services() {
  if [ -f "$SERVICES_DIR/redis.pid" ] && kill -0 "$(cat "$SERVICES_DIR/redis.pid")" 2>/dev/null; then
    kill "$(cat "$SERVICES_DIR/redis.pid")"
    echo "ensure-services: stopped Redis" >&2
  fi
  if [ -f "$SERVICES_DIR/pg/postmaster.pid" ]; then
    as_pg "$(pg_bin)/pg_ctl" -D "$SERVICES_DIR/pg" -m fast -w stop >/dev/null
    echo "ensure-services: stopped PostgreSQL" >&2
  fi
}

start_services() {
  mkdir -p "$SERVICES_DIR"
  if [ "$(id -u)" -eq 0 ]; then chown postgres: "$SERVICES_DIR"; fi
  chmod 755 "$SERVICES_DIR"
  if ! { [ -f "$SERVICES_DIR/redis.pid" ] && kill -0 "$(cat "$SERVICES_DIR/redis.pid")" 2>/dev/null; }; then
    redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --dir "$SERVICES_DIR" --appendonly yes \
      --daemonize yes --pidfile "$SERVICES_DIR/redis.pid" --logfile "$SERVICES_DIR/redis.log" >/dev/null
    for _ in $(seq 50); do [ -s "$SERVICES_DIR/redis.pid" ] && break; sleep 0.1; done
  fi
  local bin; bin="$(pg_bin)"
  if [ ! -f "$SERVICES_DIR/pg/PG_VERSION" ]; then
    as_pg "$bin/initdb" -D "$SERVICES_DIR/pg" -U postgres --auth=trust -E UTF8 --locale=C >/dev/null
  fi
  if ! as_pg "$bin/pg_ctl" -D "$SERVICES_DIR/pg" status >/dev/null 2>&1; then
    as_pg "$bin/pg_ctl" -D "$SERVICES_DIR/pg" -l "$SERVICES_DIR/pg.log" \
      -o "-p $PG_PORT -k $SERVICES_DIR -c listen_addresses=127.0.0.1" -w -t 60 start >/dev/null
  fi
  echo "REDIS_URL=redis://127.0.0.1:$REDIS_PORT"
  echo "DATABASE_URL=postgres://postgres@127.0.0.1:$PG_PORT/postgres"
}

if [ "$mode" = "--stop" ]; then
  stop_services
  exit 0
fi

missing=()
if ! command -v redis-server >/dev/null 2>&1 && [ ! -x /usr/bin/redis-server ]; then
  missing+=(redis-server)
fi
if ! compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null || ! compgen -G "/usr/lib/postgresql/*/bin/pg_ctl" >/dev/null; then
  missing+=(postgresql)
fi
if [ "${#missing[@]}" -eq 0 ]; then
  if [ "$mode" = "--start" ]; then start_services; fi
  exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then
    SUDO="sudo -n"
  else
    echo "ensure-services: missing ${missing[*]} and we are not root; install Debian's ${missing[*]} package(s)" >&2
    exit 1
  fi
fi

echo "ensure-services: installing Debian's ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
# policy-rc.d exit 101 keeps apt from starting the packages' own services (tests start private instances).
POLICY=/usr/sbin/policy-rc.d
created_policy=""
if [ ! -e "$POLICY" ]; then
  printf '#!/bin/sh\nexit 101\n' | $SUDO tee "$POLICY" >/dev/null
  $SUDO chmod +x "$POLICY"
  created_policy=1
fi
cleanup() { if [ -n "$created_policy" ]; then $SUDO rm -f "$POLICY"; fi; }
trap cleanup EXIT

$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null

if ! command -v redis-server >/dev/null 2>&1 && [ ! -x /usr/bin/redis-server ]; then
  echo "ensure-services: installed, but redis-server is still missing" >&2
  exit 1
fi
if ! compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null; then
  echo "ensure-services: installed, but /usr/lib/postgresql/*/bin/initdb is still missing" >&2
  exit 1
fi
if [ "$mode" = "--start" ]; then start_services; fi
