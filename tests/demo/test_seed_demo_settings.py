"""Where the demo runs: installed by the dev and test settings, refused by production."""

import base64
import io
import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.test import override_settings

import demo
from demo import organisation, site
from demo.management.commands import seed_demo
from demo.steps import STEPS
from website.accounts.models import Cluster, User

ROOT = Path(settings.BASE_DIR)
PUBLISHED_PASSWORD = "aula-demo-2026"


def production_env(tmp_path, **extra):
    """The environment production settings need, on a database file that must not appear."""
    key = base64.urlsafe_b64encode(secrets.token_bytes(32)).decode().rstrip("=")
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "website.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(64),
        "ALLOWED_HOSTS": "aula.example",
        "SITE_URL": "https://aula.example",
        "EMAIL_URL": "smtp+tls://aula:secret@smtp.aula.example:587",
        "CERTIFICATES_SIGNING_KEY": key,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'production.sqlite3'}",
    }
    env.pop("AULA_DEMO", None)
    env.update(extra)
    return env


def run_manage(tmp_path, *args, **extra):
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=production_env(tmp_path, **extra),
        capture_output=True,
        text=True,
        timeout=120,
    )


INSTALLED_DEMO_MODULES = """
import importlib.util, json
import django
django.setup()
from django.conf import settings
names = [a for a in settings.INSTALLED_APPS if not a.endswith("Config")]
# The seed modules of each app, and the demo-only helpers that lived in the product.
candidates = [f"{name}.{module}" for name in names for module in ("demo", "demo_content")]
candidates += ["website.cms.bulk", "resources.documents"]
found = [name for name in candidates if importlib.util.find_spec(name)]
print(json.dumps({"apps": settings.INSTALLED_APPS, "demo_modules": found}))
"""


def test_production_settings_install_no_demo_module(tmp_path):
    result = subprocess.run(
        [sys.executable, "-c", INSTALLED_DEMO_MODULES],
        cwd=ROOT,
        env=production_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    installed = json.loads(result.stdout)
    assert "demo" not in installed["apps"]
    assert installed["demo_modules"] == []


def test_seed_demo_is_no_command_of_a_production_install(tmp_path):
    result = run_manage(tmp_path, "seed_demo")
    assert result.returncode == 1
    assert "Unknown command: 'seed_demo'" in result.stderr
    assert not (tmp_path / "production.sqlite3").exists()


def test_seed_demo_refuses_under_production_settings_even_with_the_app_added(tmp_path):
    result = run_manage(tmp_path, "seed_demo", AULA_DEMO="1")
    assert result.returncode == 2
    assert "Refusing to seed the demo under production settings" in result.stderr
    assert "--allow-production" in result.stderr
    # Refused before touching the database.
    assert not (tmp_path / "production.sqlite3").exists()


@override_settings(PRODUCTION=True)
def test_seed_demo_refuses_in_process_and_writes_nothing(db):
    users = User.objects.count()
    with pytest.raises(CommandError, match="Refusing to seed the demo") as refusal:
        call_command("seed_demo", stdout=io.StringIO())
    assert refusal.value.returncode == 2
    assert User.objects.count() == users
    assert not Cluster.objects.exists()


@pytest.fixture
def organisation_only(monkeypatch):
    """Only the first two steps: the accounts are made there, and the whole seed takes 40 s."""
    monkeypatch.setattr(seed_demo, "STEPS", (site, organisation))


@override_settings(PRODUCTION=True)
def test_allowed_in_production_the_accounts_get_no_usable_password(db, organisation_only):
    out = io.StringIO()
    call_command("seed_demo", allow_production=True, stdout=out)
    accounts = User.objects.filter(email__in=[a.email for a in organisation.DEMO_ACCOUNTS])
    assert accounts.count() == len(organisation.DEMO_ACCOUNTS)
    for user in accounts:
        assert not user.has_usable_password(), user.email
        assert not user.check_password(PUBLISHED_PASSWORD), user.email
    assert PUBLISHED_PASSWORD not in out.getvalue()
    assert "changepassword" in out.getvalue()
    # The choice ends with the command: a later seed in the same process is a dev one again.
    assert organisation.LOGIN_PASSWORD.get() == PUBLISHED_PASSWORD


def test_outside_production_the_accounts_share_the_published_password(db, organisation_only):
    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    user = User.objects.get(email="operatore@aula.example")
    assert user.check_password(PUBLISHED_PASSWORD)
    assert f"password: {PUBLISHED_PASSWORD}" in out.getvalue()


def test_scale_below_one_is_refused(db):
    with pytest.raises(CommandError, match="--scale must be at least 1"):
        call_command("seed_demo", scale=0, stdout=io.StringIO())
    assert not User.objects.exists()


def test_every_seed_module_of_the_demo_is_a_step_listed_once():
    seeding = {
        path.stem
        for path in Path(demo.__file__).parent.glob("*.py")
        if "\ndef seed(" in path.read_text(encoding="utf-8")
    }
    names = [step.__name__.removeprefix("demo.") for step in STEPS]
    assert len(names) == len(set(names))
    assert set(names) == seeding
