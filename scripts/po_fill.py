"""Fill German msgstrs of a catalog from a JSON dict {msgid: msgstr | [singular, plural]}.

Usage: python scripts/po_fill.py path/to/django.po translations.json
Used when adding many strings at once; translators edit the .po files directly otherwise.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from babel.messages.pofile import read_po, write_po


def main() -> None:
    po_path, json_path = Path(sys.argv[1]), Path(sys.argv[2])
    with po_path.open("rb") as fh:
        catalog = read_po(fh)
    table = json.loads(json_path.read_text(encoding="utf-8"))
    for message in catalog:
        key = message.id[0] if isinstance(message.id, tuple) else message.id
        if key in table:
            value = table[key]
            message.string = tuple(value) if isinstance(value, list) else value
            message.flags.discard("fuzzy")
    with po_path.open("wb") as fh:
        write_po(fh, catalog, width=0)  # like makemessages --no-wrap


if __name__ == "__main__":
    main()
