#!/usr/bin/env bash
# Make sure Debian's redis-server and PostgreSQL server binaries are installed.
# Used by the storage engine tests (test/storage/engines.ts starts private instances of both).
# Does nothing when both are already installed; otherwise installs the missing ones with apt-get
# (needs root, or passwordless sudo). The packages' own system services are not needed and are left alone.
set -euo pipefail

missing=()
if ! command -v redis-server >/dev/null 2>&1 && [ ! -x /usr/bin/redis-server ]; then
  missing+=(redis-server)
fi
if ! compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null || ! compgen -G "/usr/lib/postgresql/*/bin/pg_ctl" >/dev/null; then
  missing+=(postgresql)
fi
if [ "${#missing[@]}" -eq 0 ]; then
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
