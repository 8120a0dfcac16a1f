"""The journeys run under the enforced policy: a violation fails them (see conftest.py)."""

import pytest

from tests.e2e.helpers import assert_accessible

pytestmark = pytest.mark.browser


def test_an_inline_script_is_refused_and_reported(page):
    page.goto("/")
    assert page.evaluate("document.querySelector('main') !== null")
    page.evaluate(
        """() => {
            const script = document.createElement('script');
            script.textContent = 'window.__ran = true';
            document.body.appendChild(script);
        }"""
    )
    page.wait_for_timeout(300)
    assert page.evaluate("typeof window.__ran") == "undefined"
    assert any("script-src" in text for text in page.csp_violations), page.csp_violations
    page.csp_violations.clear()  # seen: the fixture's own check must not fail this test


def test_the_site_scripts_run_under_the_policy(page):
    page.goto("/account/login/")
    assert_accessible(page)  # axe is injected without an inline script
    assert page.evaluate("typeof window.bootstrap") == "object"  # Bootstrap Italia's bundle ran
    assert page.javascript_errors == []
