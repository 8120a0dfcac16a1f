"""The production recipe in deploy/: the env-file template passes `check --deploy`, and the
systemd units and the nginx site agree with it and with the settings."""

import base64
import importlib.util
import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.staticfiles.storage import ManifestStaticFilesStorage
from django.core.files.base import ContentFile
from django.core.management import get_commands

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"
NGINX = (DEPLOY / "nginx" / "aula.conf").read_text()
UNITS = {path.name: path.read_text() for path in (DEPLOY / "systemd").glob("aula-*")}


def template():
    """deploy/aula.env.example as systemd reads it: KEY=value lines, quotes taken off."""
    values = {}
    for line in (DEPLOY / "aula.env.example").read_text().splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        key, value = line.split("=", 1)
        assert key == key.strip() and re.fullmatch(r"[A-Z_][A-Z0-9_]*", key), line
        values[key] = value[1:-1] if value[:1] == value[-1:] == '"' else value
    return values


def test_a_shell_reads_the_template_as_systemd_does():
    script = "set -a; . deploy/aula.env.example; set +a; exec env -0"
    result = subprocess.run(
        ["sh", "-c", script], cwd=ROOT, env={}, capture_output=True, timeout=30, check=True
    )
    exported = dict(entry.split("=", 1) for entry in result.stdout.decode().split("\0") if entry)
    assert {key: exported.get(key) for key in template()} == template()


def manage(*args, **values):
    env = {k: v for k, v in os.environ.items() if k not in template() and k != "PORT"}
    env.update(values)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
    )


def with_real_secrets():
    return {
        **template(),
        "SECRET_KEY": secrets.token_urlsafe(64),
        "CERTIFICATES_SIGNING_KEY": base64.urlsafe_b64encode(secrets.token_bytes(32))
        .decode()
        .rstrip("="),
    }


def test_check_deploy_is_clean_with_the_env_file_template_and_real_secrets():
    result = manage("check", "--deploy", "--fail-level", "WARNING", **with_real_secrets())
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_the_template_as_it_is_does_not_start():
    result = manage("check", **template())
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_the_template_sets_what_production_requires():
    values = template()
    assert values["DJANGO_SETTINGS_MODULE"] == "website.settings.production"
    for name in ("SITE_URL", "ALLOWED_HOSTS", "DATABASE_URL", "REDIS_URL", "MEDIA_ROOT"):
        assert values[name] and "change-me" not in values[name].split("@")[-1], name
    assert values["SITE_URL"].startswith("https://")
    assert values["DATABASE_URL"].startswith("postgres://")
    assert values["PROTECTED_FILES_SERVER"] == "x-accel-redirect"


def location(path):
    """The body of the nginx location block for ``path`` (one level of nesting)."""
    match = re.search(r"location " + re.escape(path) + r" \{((?:[^{}]|\{[^{}]*\})*)\}", NGINX)
    assert match, f"no location {path} in deploy/nginx/aula.conf"
    return match.group(1)


def test_nginx_hands_protected_files_over_only_internally_from_media_root():
    values = template()
    block = location(values["PROTECTED_FILES_NGINX_PREFIX"])
    assert re.search(r"^\s*internal;", block, re.M)
    assert f"alias {values['MEDIA_ROOT'].rstrip('/')}/;" in block
    assert "disable_symlinks on;" in block
    # nginx drops the view's sandbox policy on an internal redirect unless told to keep it
    # (and keeps its Cache-Control itself: adding it again would send it twice).
    assert "add_header Content-Security-Policy $upstream_http_content_security_policy;" in block
    assert "Cache-Control" not in block
    # MEDIA_ROOT as a whole is never public: only the two image folders are.
    public = re.findall(r"alias (/srv/aula/media/[^;]*);", NGINX)
    assert sorted(public) == [
        "/srv/aula/media/",
        "/srv/aula/media/images/",
        "/srv/aula/media/original_images/",
    ]


def test_nginx_upgrades_websockets_and_says_the_request_came_over_https():
    assert "proxy_set_header Upgrade $http_upgrade;" in NGINX
    assert "proxy_set_header Connection $aula_connection;" in NGINX
    assert re.search(r"map \$http_upgrade \$aula_connection \{\s*default upgrade;", NGINX)
    assert "proxy_set_header X-Forwarded-Proto $scheme;" in NGINX
    assert "proxy_pass http://aula;" in location("/ws/")
    assert "listen 443 ssl" in NGINX and "return 301 https://" in NGINX
    limit = int(re.search(r"client_max_body_size (\d+)m;", NGINX).group(1)) * 1024 * 1024
    assert limit > settings.PACKAGES_MAX_UPLOAD_SIZE


def test_nginx_caches_hashed_static_files_for_a_year_and_the_others_for_an_hour(tmp_path):
    block = location("/static/")
    assert "alias /srv/aula/app/staticfiles/;" in block  # STATIC_ROOT of the checkout
    assert settings.STATIC_ROOT == settings.BASE_DIR / "staticfiles"
    pattern = re.search(r'location ~ "([^"]+)"', block).group(1)
    digest = ManifestStaticFilesStorage(location=tmp_path).file_hash(
        "css/aula.css", ContentFile(b"body { color: #06c; }")
    )
    assert re.search(pattern, f"/static/css/aula.{digest}.css")
    assert not re.search(pattern, "/static/css/aula.css")
    assert not re.search(pattern, "/static/vendor/bootstrap-italia.min.js")
    assert "max-age=31536000, immutable" in block.split("location ~")[1]
    assert "max-age=3600" in block.split("location ~")[0]


@pytest.mark.parametrize(
    "unit, command",
    [
        ("aula-web.service", "uvicorn website.asgi:application"),
        ("aula-worker.service", "manage.py db_worker"),
        ("aula-periodic.service", "manage.py run_periodic"),
        ("aula-backup.service", "manage.py backup"),
    ],
)
def test_each_unit_runs_its_command_as_aula_with_the_env_file(unit, command):
    text = UNITS[unit]
    assert command in text.replace("\\\n", " ")
    assert "EnvironmentFile=/etc/aula/aula.env" in text
    assert "WorkingDirectory=/srv/aula/app" in text
    assert "User=aula" in text
    name = command.split()[1] if command.startswith("manage.py") else None
    if name is not None:
        assert name in get_commands()


def test_the_web_unit_runs_the_measured_set_up():
    """bench/bench_bursts.py chose it: uvicorn alone, four workers, httptools (installed)."""
    text = UNITS["aula-web.service"].replace("\\\n", " ")
    assert "--workers 4 --http httptools" in text
    assert "gunicorn" not in text.split("ExecStart=", 1)[1]
    assert importlib.util.find_spec("httptools") is not None


def test_the_web_unit_believes_forwarded_headers_only_from_the_proxy():
    text = UNITS["aula-web.service"]
    assert "--proxy-headers --forwarded-allow-ips 127.0.0.1" in text
    assert "--ws websockets-sansio" in text
    assert "server 127.0.0.1:8000;" in NGINX and "--port 8000" in text
