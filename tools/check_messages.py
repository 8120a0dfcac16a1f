"""Fail when a string marked for translation has no English entry in its catalogue.

The catalogue test in the suite checks the entries a catalogue holds; this
checks that the catalogues hold every string the code and templates mark:
it extracts them afresh (Django's ``makemessages``, in a scratch copy of the
tree so nothing here is rewritten) and compares. Extraction needs GNU
gettext: without it the check says so and passes, unless
AULA_REQUIRE_GETTEXT is set (CI sets it and installs gettext).
"""

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent


def tracked_files():
    listing = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard", "-z"],
        cwd=ROOT,
        capture_output=True,
        check=True,
    ).stdout.decode()
    return [name for name in listing.split("\0") if name and not name.startswith("static/vendor/")]


def keys(catalogue, *, translated_only):
    return {
        (entry.msgctxt, entry.msgid)
        for entry in catalogue
        if not entry.obsolete and (entry.translated() or not translated_only)
    }


def main():
    if shutil.which("xgettext") is None:
        message = "GNU gettext is not installed: the check of extracted strings did not run."
        if os.environ.get("AULA_REQUIRE_GETTEXT"):
            print(message, file=sys.stderr)
            return 1
        print(message + " (apt-get install gettext to run it)")
        return 0
    with tempfile.TemporaryDirectory() as scratch:
        copy = Path(scratch)
        for name in tracked_files():
            source = ROOT / name
            if source.is_file():
                target = copy / name
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(source, target)
        subprocess.run(
            [sys.executable, "manage.py", "makemessages", "-l", "en", "--ignore=tests", "-v0"],
            cwd=copy,
            check=True,
            env={**os.environ, "DJANGO_SETTINGS_MODULE": "website.settings.dev"},
        )
        missing = []
        for extracted_path in sorted(copy.rglob("locale/en/LC_MESSAGES/django.po")):
            relative = extracted_path.relative_to(copy)
            ours = ROOT / relative
            have = keys(polib.pofile(str(ours)), translated_only=True) if ours.exists() else set()
            for context, msgid in sorted(
                keys(polib.pofile(str(extracted_path)), translated_only=False) - have,
                key=lambda key: key[1],
            ):
                label = f"[{context}] {msgid}" if context else msgid
                missing.append(f"{relative}: {label!r}")
    if missing:
        print("Strings marked for translation without an English entry:", file=sys.stderr)
        print("\n".join(missing), file=sys.stderr)
        print(
            "Run `make catalogues` (or manage.py makemessages -l en -l it), then translate.",
            file=sys.stderr,
        )
        return 1
    print("Every string marked for translation has its English entry.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
