"""Write the pseudo-locale en_XA from the message template: every message in [brackets],
its letters accented, placeholders ({name}, %(name)s) kept. Pages and commands rendered in
en_XA show at a glance (and to a test) any text that bypasses the catalogue.

    python tools/pseudo_locale.py [src/footwork/locale]
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po, write_po

ACCENTS = str.maketrans(
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ",
    "àƀçðéƒĝĥîĵķĺɱñöþǫŕšţûṽŵẋýžÀƁÇÐÉƑĜĤÎĴĶĹṀÑÖÞǪŔŠŢÛṼŴẊÝŽ",
)
# Placeholders and markup the code fills in or the browser reads: never accented.
KEEP = re.compile(r"(\{[a-z_]*\}|%\([a-z_]+\)s|%%|<[^>]*>|`[^`]*`)")


def pseudo(message: str) -> str:
    """'Rest {n}.' -> '[Ŕéšţ {n}.]'."""
    parts = KEEP.split(message)
    return "[" + "".join(p if KEEP.fullmatch(p) else p.translate(ACCENTS) for p in parts) + "]"


def main(locale_dir: Path) -> None:
    template = read_po((locale_dir / "footwork.pot").open("rb"))
    catalog = Catalog(locale="en_XA", domain="footwork", project="Footwork", fuzzy=False)
    for message in template:
        if not message.id:
            continue
        if isinstance(message.id, tuple):
            singular, plural = message.id
            catalog.add(message.id, (pseudo(singular), pseudo(plural)), flags=())
        else:
            catalog.add(message.id, pseudo(message.id))
    out = locale_dir / "en_XA" / "LC_MESSAGES" / "footwork.po"
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("wb") as stream:
        write_po(stream, catalog, omit_header=False, no_location=True, width=100)


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path("src/footwork/locale"))
