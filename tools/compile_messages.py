"""Compile every .po catalogue of the project into its .mo, without GNU gettext.

`make run` and `make test` call this, so a fresh machine needs nothing but
Python. (Writing catalogues with `manage.py makemessages` still needs gettext.)
"""

import sys
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent
SKIP = {".venv", "node_modules", "staticfiles", "var", ".git"}


def catalogues():
    for path in ROOT.rglob("LC_MESSAGES/*.po"):
        if not SKIP.intersection(path.relative_to(ROOT).parts):
            yield path


def main():
    compiled = 0
    for po_path in catalogues():
        mo_path = po_path.with_suffix(".mo")
        if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
            continue
        catalogue = polib.pofile(str(po_path))
        catalogue.save_as_mofile(str(mo_path))
        compiled += 1
    if compiled and "-q" not in sys.argv:
        print(f"Compiled {compiled} translation catalogue(s).")


if __name__ == "__main__":
    main()
