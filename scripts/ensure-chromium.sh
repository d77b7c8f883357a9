#!/usr/bin/env bash
# Make sure a headless-capable Chromium is at /usr/bin/chromium (Debian's package).
# Used by the Next.js end-to-end test (test/e2e/next-chat.e2e.test.ts).
# Does nothing when Chromium is already installed; otherwise installs it with apt-get
# (needs root, or passwordless sudo).
set -euo pipefail

CHROMIUM="${CHROMIUM_PATH:-/usr/bin/chromium}"
if [ -x "$CHROMIUM" ]; then
  exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then
    SUDO="sudo -n"
  else
    echo "ensure-chromium: $CHROMIUM is missing and we are not root; install Debian's 'chromium' package" >&2
    exit 1
  fi
fi

echo "ensure-chromium: installing Debian's chromium package" >&2
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core >/dev/null

if [ ! -x "$CHROMIUM" ]; then
  echo "ensure-chromium: installed, but $CHROMIUM is still missing" >&2
  exit 1
fi
"$CHROMIUM" --version >&2 || true
