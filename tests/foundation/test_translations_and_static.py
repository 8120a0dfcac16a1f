"""The English catalogue is complete; static files collect with hashed, compressed names."""

from pathlib import Path

import polib
import pytest
from django.core.management import call_command

ROOT = Path(__file__).resolve().parents[2]
SKIP = {".venv", "node_modules", "staticfiles", "var"}
ENGLISH_CATALOGUES = [
    path
    for path in ROOT.rglob("locale/en/LC_MESSAGES/django.po")
    if not SKIP.intersection(path.relative_to(ROOT).parts)
]


def test_there_is_an_english_catalogue():
    assert ROOT / "locale/en/LC_MESSAGES/django.po" in ENGLISH_CATALOGUES


@pytest.mark.parametrize("path", ENGLISH_CATALOGUES, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_english_entry_is_translated(path):
    catalogue = polib.pofile(str(path))
    missing = [entry.msgid for entry in catalogue if not entry.obsolete and not entry.translated()]
    assert missing == [], f"{path}: untranslated or fuzzy entries"


def test_collectstatic_hashes_and_compresses(tmp_path, settings):
    settings.STATIC_ROOT = tmp_path
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    call_command("collectstatic", interactive=False, verbosity=0)
    css = list(tmp_path.glob("css/aula.*.css"))
    assert css, "no hashed copy of css/aula.css"
    assert Path(str(css[0]) + ".gz").exists()
    fonts_css = next(tmp_path.glob("css/fonts.*.css")).read_text()
    # References inside CSS point at the hashed font files.
    assert "titillium-web-v10-latin-ext_latin-regular." in fonts_css
    assert ".woff2" in fonts_css and "latin-regular.woff2" not in fonts_css
