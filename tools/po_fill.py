"""Fill a .po catalogue from a JSON mapping {msgid: msgstr} (a translator's aid).

    python tools/po_fill.py locale/en/LC_MESSAGES/django.po translations.json

Plural entries take a list [singular, plural]. Fuzzy marks are cleared on
the entries filled. Prints the msgids still untranslated.
"""

import json
import sys

import polib


def main(po_path, mapping_path):
    po = polib.pofile(po_path)
    with open(mapping_path, encoding="utf-8") as handle:
        mapping = json.load(handle)
    for entry in po:
        if entry.obsolete or entry.msgid not in mapping:
            continue
        value = mapping[entry.msgid]
        if entry.msgid_plural:
            entry.msgstr_plural = {0: value[0], 1: value[1]}
        else:
            entry.msgstr = value
        if "fuzzy" in entry.flags:
            entry.flags.remove("fuzzy")
    po.save()
    missing = [e.msgid for e in po if not e.obsolete and not e.translated()]
    for msgid in missing:
        print("UNTRANSLATED:", msgid)


if __name__ == "__main__":
    main(*sys.argv[1:])
