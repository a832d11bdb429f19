#!/usr/bin/env bash
# Make sure the Debian packages the suite drives are installed: chromium and chromium-driver
# (browser tests) and poppler-utils (pdftotext reads the PDFs the app makes).
set -euo pipefail
need=()
command -v /usr/bin/chromium >/dev/null 2>&1 || need+=(chromium chromium-driver)
command -v pdftotext >/dev/null 2>&1 || need+=(poppler-utils)
if [ ${#need[@]} -eq 0 ]; then exit 0; fi
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "Installing Debian's ${need[*]} for the tests…"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
else
  echo "The tests need Debian's ${need[*]}: sudo apt-get install ${need[*]}" >&2
  exit 1
fi
