"""`manage.py backup` and `manage.py restore`: the database and the media, back as they were.

Runs on whichever database the suite runs on (SQLite's backup API, or pg_dump and
pg_restore on PostgreSQL).
"""

import io
import json
import tarfile

import pytest
from django.core.management import CommandError, call_command

from website.accounts.models import User


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    (settings.MEDIA_ROOT / "documents").mkdir(parents=True)
    (settings.MEDIA_ROOT / "documents" / "verbale.txt").write_text("prima versione")
    return settings.MEDIA_ROOT


@pytest.fixture
def archive(transactional_db, make_user, media, tmp_path):
    make_user(email="prima@example.org", first_name="Prima")
    path = tmp_path / "backups" / "aula.tar"
    call_command("backup", output=str(path), stdout=io.StringIO())
    return path


def test_a_restore_brings_back_the_database_and_the_files_of_the_backup(archive, make_user, media):
    User.objects.filter(email="prima@example.org").update(first_name="Cambiata")
    make_user(email="dopo@example.org")
    (media / "documents" / "verbale.txt").write_text("seconda versione")
    (media / "documents" / "nuovo.txt").write_text("scritto dopo il backup")

    out = io.StringIO()
    call_command("restore", str(archive), interactive=False, stdout=out)

    assert "Restored the database and media" in out.getvalue()
    assert User.objects.get(email="prima@example.org").first_name == "Prima"
    assert not User.objects.filter(email="dopo@example.org").exists()
    assert (media / "documents" / "verbale.txt").read_text() == "prima versione"
    assert not (media / "documents" / "nuovo.txt").exists()
    assert [p.name for p in media.parent.iterdir() if p.name.startswith(".restore-")] == []


def test_the_archive_holds_a_manifest_the_database_and_the_media(archive):
    with tarfile.open(archive) as opened:
        names = set(opened.getnames())
        manifest = json.loads(opened.extractfile("manifest.json").read())
    assert manifest["format"] == 1
    assert manifest["database"] in {"sqlite", "postgresql"}
    database = {"sqlite": "database.sqlite3", "postgresql": "database.dump"}[manifest["database"]]
    assert {"manifest.json", database, "media/documents/verbale.txt"} <= names
    assert not archive.with_name("aula.tar.partial").exists()


def changed_since_backup(make_user, media):
    make_user(email="dopo@example.org")
    (media / "documents" / "verbale.txt").write_text("seconda versione")


def assert_nothing_restored(media):
    assert User.objects.filter(email="dopo@example.org").exists()
    assert (media / "documents" / "verbale.txt").read_text() == "seconda versione"


def test_restore_asks_before_it_replaces_anything(archive, make_user, media, monkeypatch):
    changed_since_backup(make_user, media)
    monkeypatch.setattr("builtins.input", lambda prompt: "no")
    with pytest.raises(CommandError, match="cancelled"):
        call_command("restore", str(archive))
    assert_nothing_restored(media)


def test_restore_refuses_a_file_that_is_not_a_backup(archive, make_user, media, tmp_path):
    changed_since_backup(make_user, media)
    not_a_backup = tmp_path / "foto.tar"
    not_a_backup.write_bytes(b"\x89PNG not a tar at all" * 50)
    with pytest.raises(CommandError, match="Cannot read"):
        call_command("restore", str(not_a_backup), interactive=False)
    with pytest.raises(CommandError, match="No such archive"):
        call_command("restore", str(tmp_path / "missing.tar"), interactive=False)
    assert_nothing_restored(media)


def rewritten(archive, tmp_path, *, manifest=None, extra=()):
    """A copy of the archive with another manifest or extra members."""
    target = tmp_path / "altered.tar"
    with tarfile.open(archive) as source, tarfile.open(target, "w") as copy:
        for member in source.getmembers():
            data = source.extractfile(member) if member.isfile() else None
            if member.name == "manifest.json" and manifest is not None:
                encoded = json.dumps(manifest).encode()
                member.size = len(encoded)
                data = io.BytesIO(encoded)
            copy.addfile(member, data)
        for member, data in extra:
            copy.addfile(member, data)
    return target


def test_restore_refuses_a_backup_of_another_kind_of_database(archive, make_user, media, tmp_path):
    changed_since_backup(make_user, media)
    altered = rewritten(archive, tmp_path, manifest={"format": 1, "database": "mysql"})
    with pytest.raises(CommandError, match="holds a mysql database"):
        call_command("restore", str(altered), interactive=False)
    altered = rewritten(archive, tmp_path, manifest={"format": 99, "database": "sqlite"})
    with pytest.raises(CommandError, match="format"):
        call_command("restore", str(altered), interactive=False)
    assert_nothing_restored(media)


@pytest.mark.parametrize(
    "name, kind",
    [
        ("../fuori.txt", tarfile.REGTYPE),
        ("media/../../fuori.txt", tarfile.REGTYPE),
        ("/tmp/assoluto.txt", tarfile.REGTYPE),
        ("media/collegamento", tarfile.SYMTYPE),
        ("altro.txt", tarfile.REGTYPE),
    ],
)
def test_restore_refuses_members_outside_the_media_or_links(
    archive, make_user, media, tmp_path, name, kind
):
    changed_since_backup(make_user, media)
    member = tarfile.TarInfo(name)
    member.type = kind
    member.linkname = "/etc/passwd" if kind == tarfile.SYMTYPE else ""
    member.size = 0 if kind == tarfile.SYMTYPE else 4
    data = None if kind == tarfile.SYMTYPE else io.BytesIO(b"male")
    altered = rewritten(archive, tmp_path, extra=[(member, data)])
    with pytest.raises(CommandError, match="Refused"):
        call_command("restore", str(altered), interactive=False)
    assert_nothing_restored(media)
    assert not (tmp_path / "fuori.txt").exists()
