#!/usr/bin/env bash
# Refresh the German catalogs: one for the project (ankunft/locale) and one per app that has
# its own locale/ folder. Run from the repository root.
set -euo pipefail
root=$(pwd)
py="$root/.venv/bin/python"
export DJANGO_SETTINGS_MODULE=ankunft.settings PYTHONPATH="$root"
ignores=()
for app in ankunft/*/; do
  app=${app%/}
  if [ -d "$app/locale" ]; then
    ignores+=(--ignore "$(basename "$app")")
    (cd "$app" && "$py" -m django makemessages -l de --no-obsolete --no-wrap -v0)
  fi
done
(cd ankunft && "$py" -m django makemessages -l de --no-obsolete --no-wrap -v0 "${ignores[@]}")
