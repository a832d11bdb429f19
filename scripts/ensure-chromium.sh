#!/usr/bin/env bash
# Make sure Debian's chromium and chromium-driver are installed for the browser tests.
set -euo pipefail
if command -v /usr/bin/chromium >/dev/null 2>&1; then exit 0; fi
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "Installing Debian's chromium and chromium-driver for the browser tests…"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null
else
  echo "The browser tests need Debian's Chromium: sudo apt-get install chromium chromium-driver" >&2
  exit 1
fi
