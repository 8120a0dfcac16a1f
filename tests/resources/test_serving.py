"""How the bytes leave in production: handed to nginx or Apache after the audience check."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from django.urls import reverse
from wagtail.utils.sendfile import _get_sendfile

from resources.models import Resource, ResourceFile

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def handed_over(settings):
    """Switch the serving method the way production settings do, for one test."""

    def switch(server):
        settings.PROTECTED_FILES_SERVER = server
        settings.SENDFILE_BACKEND = "website.core.files"
        _get_sendfile.clear()

    yield switch
    _get_sendfile.clear()


@pytest.fixture
def guide(make_resource):
    return make_resource(audience=Resource.Audience.ENROLLED, title="Guida")


def current_file(resource):
    return ResourceFile.objects.select_related("document").get(version=resource.current_version)


def test_nginx_receives_the_file_path_and_django_sends_no_bytes(
    client, guide, learner, handed_over, settings
):
    handed_over("x-accel-redirect")
    settings.PROTECTED_FILES_NGINX_PREFIX = "/protected-media/"
    document = current_file(guide).document
    client.force_login(learner)
    response = client.get(document.url)
    assert response.status_code == 200
    assert response["X-Accel-Redirect"] == f"/protected-media/{document.file.name}"
    assert response.content == b""
    assert response["Content-Type"] == "application/pdf"


def test_previews_go_the_same_way(client, guide, learner, handed_over):
    handed_over("x-accel-redirect")
    resource_file = current_file(guide)
    client.force_login(learner)
    response = client.get(
        reverse("resources:preview", kwargs={"slug": guide.slug, "file_id": resource_file.pk})
    )
    assert response["X-Accel-Redirect"] == f"/protected-media/{resource_file.preview.name}"
    assert response["Content-Type"] == "image/webp"


def test_apache_receives_the_absolute_path(client, guide, learner, handed_over):
    handed_over("x-sendfile")
    document = current_file(guide).document
    client.force_login(learner)
    response = client.get(document.url)
    assert response["X-Sendfile"] == document.file.path
    assert response.content == b""


def test_a_refused_request_is_refused_before_any_handover(client, guide, handed_over):
    handed_over("x-accel-redirect")
    response = client.get(current_file(guide).document.url)
    assert response.status_code == 302
    assert "X-Accel-Redirect" not in response


def test_an_unknown_method_stops_the_checks(settings):
    settings.PROTECTED_FILES_SERVER = "ftp"
    with pytest.raises(SystemCheckError, match=r"core\.E001"):
        call_command("check")


@pytest.mark.parametrize(
    "environment, expected",
    [
        ({}, ["django", "/protected-media/", None]),
        (
            {
                "PROTECTED_FILES_SERVER": "x-accel-redirect",
                "PROTECTED_FILES_NGINX_PREFIX": "/interno/",
            },
            ["x-accel-redirect", "/interno/", "website.core.files"],
        ),
    ],
)
def test_the_switch_is_read_from_the_environment(environment, expected):
    code = (
        "import json, django; django.setup(); from django.conf import settings as s; "
        "print(json.dumps([s.PROTECTED_FILES_SERVER, s.PROTECTED_FILES_NGINX_PREFIX, "
        "getattr(s, 'SENDFILE_BACKEND', None)]))"
    )
    env = {
        key: value for key, value in os.environ.items() if not key.startswith("PROTECTED_FILES_")
    }
    env.update({"DJANGO_SETTINGS_MODULE": "website.settings.dev", **environment})
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout.strip().splitlines()[-1]) == expected
