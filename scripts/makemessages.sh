#!/usr/bin/env bash
# Refresh the German catalogs: one for the project and core (ankunft/locale) and one per
# module in its own ankunft/<module>/locale, so modules never edit each other's catalog.
# Run from the repository root; needs GNU gettext's xgettext.
set -euo pipefail
root=$(pwd)
admin="$root/.venv/bin/django-admin"  # not `python -m django`: the cwd would shadow stdlib modules (selectors)
export DJANGO_SETTINGS_MODULE=ankunft.settings PYTHONPATH="$root"
ignores=()
for app in ankunft/*/; do
  app=${app%/}
  name=$(basename "$app")
  case "$name" in core|locale|__pycache__) continue ;; esac
  [ -f "$app/apps.py" ] || continue
  ignores+=(--ignore "$name")
  mkdir -p "$app/locale"
  (cd "$app" && "$admin" makemessages -l de --no-obsolete --no-wrap -v0)
done
(cd ankunft && "$admin" makemessages -l de --no-obsolete --no-wrap -v0 "${ignores[@]}")
