"""The demo seeded once per fingerprint and scale, for the benchmarks that read it.

A seeded database is kept until the migrations or the demo change (its name carries their
fingerprint): on SQLite a file under var/bench/, on PostgreSQL a database named after the
one ``DATABASE_URL`` names (``<name>_demo_<fingerprint>_s<scale>``). Seeding writes to a
partial file or database first and renames it once complete, so an interrupted seeding is
never read as a finished one.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
SEEDED = ROOT / "var" / "bench"


def fingerprint() -> str:
    """What the seeded database depends on: every migration and the demo's code and data."""
    digest = hashlib.sha256()
    files = sorted(ROOT.glob("**/migrations/*.py")) + sorted((ROOT / "demo").rglob("*"))
    for path in files:
        if ".venv" in path.parts or not path.is_file():
            continue
        digest.update(str(path.relative_to(ROOT)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def manage(env, *args):
    command = [sys.executable, "manage.py", *args]
    subprocess.run(command, cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)


def _seed(database_url: str, scale: int) -> None:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "website.settings.dev",
        "DATABASE_URL": database_url,
    }
    env.pop("REDIS_URL", None)
    print(f"Seeding the demo at --scale {scale} once (two minutes at scale 1)...", flush=True)
    manage(env, "migrate", "--noinput", "-v0")
    manage(env, "seed_demo", "--quiet-logins", "--scale", str(scale))


def sqlite_demo(scale: int) -> Path:
    """The demo at --scale ``scale`` in a SQLite file, seeded once per fingerprint and scale."""
    current = fingerprint()
    target = SEEDED / f"demo-{current}-scale{scale}.sqlite3"
    if target.exists():
        return target
    SEEDED.mkdir(parents=True, exist_ok=True)
    for old in SEEDED.glob("demo-*.sqlite3"):
        if not old.name.startswith(f"demo-{current}-"):  # other scales stay
            old.unlink()
    partial = target.with_suffix(".partial")
    partial.unlink(missing_ok=True)
    _seed(f"sqlite:///{partial}", scale)
    partial.rename(target)
    return target


def _with_database(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/{name}"))


def postgres_demo(url: str, scale: int) -> str:
    """The demo at --scale ``scale`` in a PostgreSQL database beside the one ``url`` names
    (which must exist, and its user may create databases); its address."""
    import psycopg

    base = urlsplit(url).path.lstrip("/")
    prefix = f"{base}_demo_"
    name = f"{prefix}{fingerprint()}_s{scale}"
    admin = _with_database(url, "postgres")
    with psycopg.connect(admin, autocommit=True) as connection:
        existing = {
            row[0]
            for row in connection.execute(
                "SELECT datname FROM pg_database WHERE datname LIKE %s", [prefix + "%"]
            )
        }
        if name in existing:
            return _with_database(url, name)
        for old in existing:
            if not old.startswith(name.rsplit("_s", 1)[0]) or old == f"{name}_partial":
                connection.execute(f'DROP DATABASE "{old}"')
        connection.execute(f'CREATE DATABASE "{name}_partial"')
    _seed(_with_database(url, f"{name}_partial"), scale)
    with psycopg.connect(_with_database(url, f"{name}_partial"), autocommit=True) as seeded:
        # What autovacuum would do some time later: without statistics the planner takes
        # the freshly seeded tables for empty ones.
        seeded.execute("VACUUM ANALYZE")
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'ALTER DATABASE "{name}_partial" RENAME TO "{name}"')
    return _with_database(url, name)
