"""Backup and restore of the whole site: the database and MEDIA_ROOT in one tar archive.

The archive holds ``manifest.json`` (format, database vendor, when), the database
(``database.sqlite3``, a copy made with SQLite's online backup API, or
``database.dump``, PostgreSQL's custom format from ``pg_dump -Fc``) and ``media/``,
the uploaded files. ``manage.py backup`` and ``manage.py restore`` call these two
functions; docs/deploy.md says when to run them.

A restore checks the whole archive (its manifest, the database vendor, every member's
name and kind) and unpacks it beside MEDIA_ROOT before it changes anything; the media
folder is then swapped in with a rename once the database is back.
"""

import datetime
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from contextlib import closing
from pathlib import Path, PurePosixPath

from django.conf import settings
from django.core.cache import cache
from django.db import connection

from .exceptions import Refused

FORMAT = 1
MANIFEST = "manifest.json"
DATABASE_FILES = {"sqlite": "database.sqlite3", "postgresql": "database.dump"}
MEDIA = "media"


def _vendor() -> str:
    vendor = connection.vendor
    if vendor not in DATABASE_FILES:
        raise Refused(f"Backups support SQLite and PostgreSQL, not {vendor}.")
    return vendor


def _postgres_env() -> dict[str, str]:
    """libpq's variables for the configured database (no password on any command line)."""
    params = connection.settings_dict
    env = {**os.environ, "PGDATABASE": str(params["NAME"])}
    for variable, key in (
        ("PGHOST", "HOST"),
        ("PGPORT", "PORT"),
        ("PGUSER", "USER"),
        ("PGPASSWORD", "PASSWORD"),
    ):
        if params.get(key):
            env[variable] = str(params[key])
    return env


def _run(command: list[str]) -> None:
    executable = shutil.which(command[0])
    if executable is None:
        raise Refused(f"{command[0]} is not installed (Debian: postgresql-client).")
    result = subprocess.run(
        [executable, *command[1:]], env=_postgres_env(), capture_output=True, text=True
    )
    if result.returncode != 0:
        raise Refused(f"{command[0]} failed: {result.stderr.strip()}")


def _dump_database(vendor: str, target: Path) -> None:
    if vendor == "sqlite":
        connection.ensure_connection()
        with closing(sqlite3.connect(target)) as copy:
            connection.connection.backup(copy)
    else:
        _run(["pg_dump", "--format=custom", "--no-owner", "--no-privileges", f"--file={target}"])


def _load_database(vendor: str, source: Path) -> None:
    if vendor == "sqlite":
        connection.ensure_connection()
        with closing(sqlite3.connect(source)) as saved:
            saved.backup(connection.connection)
    else:
        connection.close()  # our own session must not hold a lock the restore waits for
        _run(
            [
                "pg_restore",
                "--clean",
                "--if-exists",
                "--no-owner",
                "--no-privileges",
                "--single-transaction",
                f"--dbname={connection.settings_dict['NAME']}",
                str(source),
            ]
        )


def backup_create(*, output: Path) -> dict[str, object]:
    """Write the database and MEDIA_ROOT to the tar archive ``output``; returns its manifest."""
    vendor = _vendor()
    media_root = Path(settings.MEDIA_ROOT)
    manifest: dict[str, object] = {
        "format": FORMAT,
        "database": vendor,
        "created_at": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
    }
    output.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as work:
        database = Path(work) / DATABASE_FILES[vendor]
        _dump_database(vendor, database)
        partial = output.with_name(output.name + ".partial")
        with tarfile.open(partial, "w") as archive:
            encoded = json.dumps(manifest, indent=2).encode()
            info = tarfile.TarInfo(MANIFEST)
            info.size = len(encoded)
            info.mtime = int(datetime.datetime.now().timestamp())
            archive.addfile(info, io.BytesIO(encoded))
            archive.add(database, arcname=database.name)
            if media_root.is_dir():
                archive.add(media_root, arcname=MEDIA)
        partial.replace(output)  # never a half-written archive under the final name
    return manifest


def _read_manifest(archive: tarfile.TarFile) -> dict[str, object]:
    try:
        member = archive.getmember(MANIFEST)
        handle = archive.extractfile(member)
        manifest = json.loads(handle.read()) if handle else None
    except (KeyError, ValueError) as error:
        raise Refused("Not an Aula backup: its manifest is missing or unreadable.") from error
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise Refused("Not an Aula backup of a format this version reads.")
    return manifest


def _check_members(archive: tarfile.TarFile, database_name: str) -> None:
    """Only the manifest, the database and plain files and folders under media/."""
    for member in archive.getmembers():
        path = PurePosixPath(member.name)
        if path.is_absolute() or ".." in path.parts:
            raise Refused(f"Refused: the archive names a path outside itself ({member.name}).")
        if member.name in (MANIFEST, database_name) and member.isfile():
            continue
        if path.parts[0] == MEDIA and (member.isfile() or member.isdir()):
            continue
        raise Refused(f"Refused: unexpected member in the archive ({member.name}).")


def backup_restore(*, archive_path: Path) -> dict[str, object]:
    """Replace the database and MEDIA_ROOT with those of the archive; returns its manifest."""
    vendor = _vendor()
    try:
        with tarfile.open(archive_path, "r:*") as archive:
            manifest = _restore_from(archive, vendor)
    except tarfile.TarError as error:
        raise Refused(f"Cannot read {archive_path}: {error}") from error
    # Cached rows (the site identity, menus, sessions) belong to the replaced database.
    cache.clear()
    return manifest


def _restore_from(archive: tarfile.TarFile, vendor: str) -> dict[str, object]:
    manifest = _read_manifest(archive)
    if manifest.get("database") != vendor:
        raise Refused(
            f"This backup holds a {manifest.get('database')} database; the site runs on {vendor}."
        )
    database_name = DATABASE_FILES[vendor]
    _check_members(archive, database_name)
    media_root = Path(settings.MEDIA_ROOT)
    media_root.parent.mkdir(parents=True, exist_ok=True)
    # Beside MEDIA_ROOT, so that the new media folder is moved in by a rename.
    staging = Path(tempfile.mkdtemp(prefix=".restore-", dir=media_root.parent))
    try:
        try:
            archive.extractall(staging, filter="data")
        except OSError as error:
            raise Refused(f"Cannot unpack the archive: {error}") from error
        database = staging / database_name
        if not database.is_file():
            raise Refused("The archive holds no database.")
        _load_database(vendor, database)
        restored_media = staging / MEDIA
        restored_media.mkdir(exist_ok=True)
        if media_root.exists():
            media_root.rename(staging / "previous-media")
        restored_media.rename(media_root)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return manifest
