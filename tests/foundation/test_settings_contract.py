"""The environment-variable contract and the production safety checks."""

import base64
import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
# Variables each test sets itself (the runner's own values must not leak in).
CONTROLLED = {
    "SECRET_KEY",
    "ALLOWED_HOSTS",
    "DATABASE_URL",
    "REDIS_URL",
    "DJANGO_SETTINGS_MODULE",
    "DJANGO_ALLOW_ASYNC_UNSAFE",
    "DEBUG",
    "EMAIL_URL",
    "CERTIFICATES_SIGNING_KEY",
    "SITE_URL",
    "PORT",
    "WEB_CONCURRENCY",
    "AULA_WORKERS",
    "AULA_MFA_REQUIRED_ROLES",
    "AULA_CSP_REPORT_ONLY",
    "CONN_MAX_AGE",
    "DATABASE_POOL",
    "DATABASE_POOL_MIN_SIZE",
    "DATABASE_POOL_MAX_SIZE",
    "DATABASE_POOL_TIMEOUT",
}


def run_python(code, **env_overrides):
    env = {k: v for k, v in os.environ.items() if k not in CONTROLLED}
    env.update(env_overrides)
    return subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


SETUP = "import django; django.setup(); from django.conf import settings; "


def test_production_refuses_to_start_without_secret_key():
    result = run_python(
        SETUP + "print('started')",
        DJANGO_SETTINGS_MODULE="website.settings.production",
        ALLOWED_HOSTS="aula.example",
    )
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr
    assert "started" not in result.stdout


def test_production_refuses_a_short_secret_key():
    result = run_python(
        SETUP,
        DJANGO_SETTINGS_MODULE="website.settings.production",
        SECRET_KEY="short",
        ALLOWED_HOSTS="aula.example",
    )
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_production_refuses_to_start_without_allowed_hosts():
    result = run_python(
        SETUP,
        DJANGO_SETTINGS_MODULE="website.settings.production",
        SECRET_KEY=secrets.token_urlsafe(64),
    )
    assert result.returncode != 0
    assert "ALLOWED_HOSTS must list" in result.stderr


def test_check_deploy_is_clean_with_production_settings():
    env = {k: v for k, v in os.environ.items() if k not in CONTROLLED}
    env.update(
        DJANGO_SETTINGS_MODULE="website.settings.production",
        SECRET_KEY=secrets.token_urlsafe(64),
        ALLOWED_HOSTS="aula.example",
        CERTIFICATES_SIGNING_KEY=base64.urlsafe_b64encode(secrets.token_bytes(32)).decode(),
        SITE_URL="https://aula.example",
        EMAIL_URL="smtp+tls://aula:secret@smtp.aula.example:587",
        REDIS_URL="redis://127.0.0.1:6379/0",
        WEB_CONCURRENCY="4",
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


def production_settings(**overrides):
    """A correct production environment, changed by ``overrides`` (None removes a variable)."""
    values = {
        "DJANGO_SETTINGS_MODULE": "website.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(64),
        "ALLOWED_HOSTS": "aula.example",
        "CERTIFICATES_SIGNING_KEY": base64.urlsafe_b64encode(secrets.token_bytes(32)).decode(),
        "SITE_URL": "https://aula.example",
        "EMAIL_URL": "smtp+tls://aula:secret@smtp.aula.example:587",
    }
    values.update(overrides)
    return {key: value for key, value in values.items() if value is not None}


REFUSALS = [
    ({"SITE_URL": "http://aula.example"}, "SITE_URL must be the site's public https://"),
    ({"SITE_URL": "https://127.0.0.1:8000"}, "SITE_URL must be the site's public https://"),
    ({"SITE_URL": "https://localhost"}, "SITE_URL must be the site's public https://"),
    ({"EMAIL_URL": None}, "EMAIL_URL must name a real mail server"),
    ({"EMAIL_URL": "consolemail://"}, "EMAIL_URL must name a real mail server"),
    ({"WEB_CONCURRENCY": "4"}, "REDIS_URL must be set when WEB_CONCURRENCY"),
    ({"AULA_WORKERS": "2"}, "REDIS_URL must be set when AULA_WORKERS"),
]


@pytest.mark.parametrize("overrides, message", REFUSALS)
def test_production_refuses_an_unsafe_value_naming_the_variable(overrides, message):
    result = run_python(SETUP + "print('started')", **production_settings(**overrides))
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert message in result.stderr
    assert "started" not in result.stdout


@pytest.mark.parametrize(
    "overrides",
    [
        {},
        {"WEB_CONCURRENCY": "1"},
        {"WEB_CONCURRENCY": "4", "REDIS_URL": "redis://127.0.0.1:6379/0"},
        {"AULA_WORKERS": "3", "REDIS_URL": "redis://127.0.0.1:6379/0"},
    ],
)
def test_production_starts_with_a_correct_set(overrides):
    code = SETUP + "print('started', settings.EMAIL_BACKEND)"
    result = run_python(code, **production_settings(**overrides))
    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[-2:] == ["started", "django.core.mail.backends.smtp.EmailBackend"]


@pytest.mark.parametrize(
    "overrides, expected",
    [
        ({}, ["superuser", "editor_in_chief", "training_manager"]),
        ({"AULA_MFA_REQUIRED_ROLES": "training_manager"}, ["training_manager"]),
        ({"AULA_MFA_REQUIRED_ROLES": ""}, []),
    ],
)
def test_production_requires_two_factors_of_the_configured_roles(overrides, expected):
    code = SETUP + "import json; print(json.dumps(settings.AULA_MFA_REQUIRED_ROLES))"
    result = run_python(code, **production_settings(**overrides))
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout.splitlines()[-1]) == expected


SQLITE_POOL = "website.core.sqlite_pool"


@pytest.mark.parametrize(
    "overrides, expected",
    [
        ({}, [SQLITE_POOL, 20, 0]),
        # A kept connection would never go back to the pool: the pool wins.
        ({"CONN_MAX_AGE": "60"}, [SQLITE_POOL, 20, 0]),
        ({"DATABASE_POOL_MAX_SIZE": "4"}, [SQLITE_POOL, 4, 0]),
        # Without the pool each thread keeps its own connection (a WSGI worker's).
        ({"DATABASE_POOL": "false"}, ["django.db.backends.sqlite3", None, 600]),
        ({"DATABASE_POOL": "false", "CONN_MAX_AGE": "0"}, ["django.db.backends.sqlite3", None, 0]),
    ],
)
def test_production_pools_sqlite_connections(overrides, expected):
    """A new SQLite connection parses the whole schema on its first query, and under uvicorn
    every request runs in a thread of its own: production lends each process's connections
    from one request to the next."""
    code = SETUP + (
        "import json; d = settings.DATABASES['default']; "
        "print(json.dumps([d['ENGINE'], d['OPTIONS'].get('pool_size'), d['CONN_MAX_AGE']]))"
    )
    result = run_python(code, **production_settings(**overrides))
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout.splitlines()[-1]) == expected


@pytest.mark.parametrize(
    "overrides, expected",
    [
        ({"DATABASE_URL": "postgres://postgres@127.0.0.1:5432/aula"}, [0, True]),
        (
            {
                "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/aula",
                "DATABASE_POOL": "false",
                "CONN_MAX_AGE": "60",
            },
            [60, True],
        ),
    ],
)
def test_production_postgresql_connections_without_pool(overrides, expected):
    """PostgreSQL without its pool keeps base.py's CONN_MAX_AGE (0 unless set)."""
    code = SETUP + (
        "import json; d = settings.DATABASES['default']; "
        "print(json.dumps([d['CONN_MAX_AGE'], d['CONN_HEALTH_CHECKS']]))"
    )
    result = run_python(code, **production_settings(**overrides))
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout.splitlines()[-1]) == expected


POSTGRESQL = "postgres://postgres@127.0.0.1:5432/aula"


@pytest.mark.parametrize(
    "overrides, expected",
    [
        ({"DATABASE_URL": POSTGRESQL}, [{"min_size": 2, "max_size": 20, "timeout": 30}, 0]),
        # Django refuses a pool with persistent connections: the pool wins.
        (
            {"DATABASE_URL": POSTGRESQL, "CONN_MAX_AGE": "60"},
            [{"min_size": 2, "max_size": 20, "timeout": 30}, 0],
        ),
        (
            {
                "DATABASE_URL": POSTGRESQL,
                "DATABASE_POOL_MIN_SIZE": "1",
                "DATABASE_POOL_MAX_SIZE": "8",
                "DATABASE_POOL_TIMEOUT": "5",
            },
            [{"min_size": 1, "max_size": 8, "timeout": 5}, 0],
        ),
        ({"DATABASE_URL": POSTGRESQL, "DATABASE_POOL": "false"}, [None, 0]),
        ({}, [None, 0]),
    ],
)
def test_production_pools_postgresql_connections(overrides, expected):
    """Under uvicorn every request runs in a thread of its own: without a pool each would
    open a PostgreSQL connection."""
    code = SETUP + (
        "import json; d = settings.DATABASES['default']; "
        "print(json.dumps([d.get('OPTIONS', {}).get('pool'), d['CONN_MAX_AGE']]))"
    )
    result = run_python(code, **production_settings(**overrides))
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout.splitlines()[-1]) == expected


@pytest.mark.parametrize("module", ["website.settings.dev", "website.settings.test"])
def test_development_and_the_demo_require_no_second_factor(module):
    code = SETUP + "import json; print(json.dumps(settings.AULA_MFA_REQUIRED_ROLES))"
    result = run_python(code, DJANGO_SETTINGS_MODULE=module)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout.splitlines()[-1]) == []


def test_production_refuses_to_start_without_site_url():
    result = run_python(
        SETUP + "print('started')",
        DJANGO_SETTINGS_MODULE="website.settings.production",
        SECRET_KEY=secrets.token_urlsafe(64),
        ALLOWED_HOSTS="aula.example",
        CERTIFICATES_SIGNING_KEY=base64.urlsafe_b64encode(secrets.token_bytes(32)).decode(),
    )
    assert result.returncode != 0
    assert "SITE_URL must be set" in result.stderr
    assert "started" not in result.stdout


@pytest.mark.parametrize(
    "env, expected",
    [
        ({}, "http://127.0.0.1:8000"),
        ({"PORT": "18801"}, "http://127.0.0.1:18801"),
        ({"PORT": "18801", "SITE_URL": "https://demo.example/"}, "https://demo.example"),
    ],
)
def test_the_dev_site_url_follows_the_port_the_server_is_started_on(env, expected):
    code = SETUP + "print(settings.SITE_URL, settings.WAGTAILADMIN_BASE_URL)"
    result = run_python(code, DJANGO_SETTINGS_MODULE="website.settings.dev", **env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[-2:] == [expected, expected]


def test_serve_starts_again_on_the_port_it_was_given(monkeypatch, settings):
    from website.core.management.commands.serve import port_mismatch

    settings.SITE_URL_FROM_PORT = True
    monkeypatch.setenv("PORT", "8000")
    assert port_mismatch(18801)
    assert not port_mismatch(8000)
    settings.SITE_URL_FROM_PORT = False  # SITE_URL given: the port changes nothing
    assert not port_mismatch(18801)


def describe(**env):
    code = SETUP + (
        "print(json.dumps({'db': settings.DATABASES['default']['ENGINE'], 'name': str(settings.DATABASES['default']['NAME']),"
        " 'cache': settings.CACHES['default']['BACKEND'], 'layer': settings.CHANNEL_LAYERS['default']['BACKEND'],"
        " 'email': settings.EMAIL_BACKEND, 'debug': settings.DEBUG}))"
    )
    result = run_python(
        "import json; " + code, DJANGO_SETTINGS_MODULE="website.settings.dev", **env
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_defaults_need_no_services():
    described = describe()
    assert described["db"] == "django.db.backends.sqlite3"
    assert described["name"].endswith("db.sqlite3")
    assert described["cache"].endswith("LocMemCache")
    assert described["layer"] == "channels.layers.InMemoryChannelLayer"
    assert described["email"] == "django.core.mail.backends.console.EmailBackend"
    # The demo shows the site's own error pages; Django's debug pages on request.
    assert described["debug"] is False
    assert describe(DEBUG="true")["debug"] is True


def test_database_redis_and_email_urls_switch_backends():
    described = describe(
        DATABASE_URL="postgres://postgres@127.0.0.1:5432/aula",
        REDIS_URL="redis://127.0.0.1:6379/0",
        EMAIL_URL="smtp+tls://mailer:secret@smtp.example.org:587",
        DEBUG="false",
    )
    assert described["db"] == "django.db.backends.postgresql"
    assert described["name"] == "aula"
    assert described["cache"] == "website.core.cache.ResilientRedisCache"
    assert described["layer"] == "channels_redis.core.RedisChannelLayer"
    assert described["email"] == "django.core.mail.backends.smtp.EmailBackend"
    assert described["debug"] is False


@pytest.mark.parametrize("module", ["website.asgi", "website.wsgi"])
def test_entry_points_default_to_production_settings(module):
    result = run_python(f"import {module}")
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr
