"""The Content-Security-Policy header: strict on the site, relaxed only for Wagtail's admin."""

import pytest
from django.urls import reverse

from website.core.csp import AulaCSPMiddleware


def directives(header):
    return {
        part.split()[0]: part.split()[1:] for part in (p.strip() for p in header.split(";")) if part
    }


@pytest.mark.parametrize(
    "name", ["account_login", "courses:index", "sitemap_page", "certificates:index"]
)
def test_site_pages_send_the_strict_policy(client, db, name):
    response = client.get(reverse(name))
    assert response.status_code == 200
    policy = directives(response["Content-Security-Policy"])
    assert policy["default-src"] == ["'self'"]
    assert policy["script-src"] == ["'self'"]  # no inline script, no eval
    assert policy["style-src"] == ["'self'", "'unsafe-inline'"]
    assert policy["img-src"] == ["'self'", "data:"]
    assert policy["font-src"] == ["'self'", "data:"]
    assert policy["connect-src"] == ["'self'"]
    assert policy["frame-src"] == ["'self'"]
    assert policy["frame-ancestors"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert "Content-Security-Policy-Report-Only" not in response


def test_a_signed_in_page_sends_it_too(client, operator):
    client.force_login(operator)
    response = client.get(reverse("courses:dashboard"))
    assert response.status_code == 200
    assert directives(response["Content-Security-Policy"])["script-src"] == ["'self'"]


def test_the_admin_allows_inline_scripts_only_for_itself(client, training_manager):
    client.force_login(training_manager)
    response = client.get(reverse("wagtailadmin_home"))
    assert response.status_code == 200
    policy = directives(response["Content-Security-Policy"])
    assert set(policy["script-src"]) == {"'self'", "'unsafe-inline'"}
    assert policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'self'"]


def test_report_only_mode_sends_the_same_policy_without_enforcing(client, db, settings):
    policy = settings.CONTENT_SECURITY_POLICY
    settings.CONTENT_SECURITY_POLICY = None
    settings.CONTENT_SECURITY_POLICY_REPORT_ONLY = policy
    response = client.get(reverse("account_login"))
    assert "Content-Security-Policy" not in response
    assert directives(response["Content-Security-Policy-Report-Only"])["script-src"] == ["'self'"]


def test_the_report_only_setting_chooses_the_header():
    import os
    import subprocess
    import sys

    from django.conf import settings

    code = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.CONTENT_SECURITY_POLICY is None, bool(s.CONTENT_SECURITY_POLICY_REPORT_ONLY))"
    )
    for value, expected in (("true", "True True"), ("false", "False False")):
        env = {**os.environ, "AULA_CSP_REPORT_ONLY": value}
        env["DJANGO_SETTINGS_MODULE"] = "website.settings.test"
        result = subprocess.run(
            [sys.executable, "-c", code],
            cwd=settings.BASE_DIR,
            env=env,
            capture_output=True,
            text=True,
            check=True,
        )
        assert result.stdout.split()[-2:] == expected.split()


def test_a_header_set_by_a_view_is_kept(rf):
    from django.http import HttpResponse

    request = rf.get("/pacchetti/1/v1/index.html")
    response = HttpResponse()
    response["Content-Security-Policy"] = "frame-ancestors 'self'"
    middleware = AulaCSPMiddleware(lambda request: response)
    assert middleware(request)["Content-Security-Policy"] == "frame-ancestors 'self'"
