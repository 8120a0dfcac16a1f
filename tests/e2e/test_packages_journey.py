"""SCORM packages in a real browser: the runtime talks to the server, a learner resumes and completes."""

import pytest

from packages.models import ScoState
from packages.selectors import package_outcomes
from tests.conftest import PASSWORD
from tests.packages import conftest as package_fixtures

from .helpers import assert_accessible, login

_media_in_tmp = package_fixtures._media_in_tmp
enrolled_course = package_fixtures.enrolled_course
learner = package_fixtures.learner
scorm12 = package_fixtures.scorm12
scorm2004 = package_fixtures.scorm2004

pytestmark = pytest.mark.browser


def _sco(page):
    return page.frame_locator("#package-frame")


def test_a_learner_leaves_the_scorm12_module_half_way_and_resumes_it(
    live_url, new_page, scorm12, learner
):
    page = new_page()
    login(page, learner.email, PASSWORD)
    page.goto(f"/pacchetti/{scorm12.pk}/")
    assert_accessible(page)
    sco = _sco(page)
    sco.get_by_role("heading", name="Che cos'è").wait_for()
    sco.get_by_role("button", name="Avanti").click()
    sco.get_by_role("heading", name="A chi spetta").wait_for()
    sco.get_by_role("button", name="Avanti").click()
    sco.get_by_role("heading", name="Come funziona").wait_for()
    state = ScoState.objects.get(attempt__user=learner)
    assert state.cmi["cmi.core.lesson_location"] == "2"
    assert state.exit == "suspend"

    # Leave, come back another time (a new browser context: another browser, another day).
    page.goto("/")
    page.context.close()
    page = new_page()
    login(page, learner.email, PASSWORD)
    page.goto(f"/pacchetti/{scorm12.pk}/")
    sco = _sco(page)
    sco.get_by_text("riprendi da dove eri rimasto").wait_for()
    sco.get_by_role("heading", name="Come funziona").wait_for()
    sco.get_by_role("button", name="Avanti").click()
    sco.get_by_role("button", name="Avanti").click()
    sco.get_by_label("Solo se la persona trova un lavoro (a risultato)").check()
    sco.get_by_role("button", name="Conferma la risposta").click()
    sco.get_by_text("Risposta corretta: modulo superato.").wait_for()
    page.get_by_text("I tuoi progressi sono stati salvati.").wait_for()
    outcome = package_outcomes(package_ids=[scorm12.pk], user_ids=[learner.pk])[
        (scorm12.pk, learner.pk)
    ]
    assert outcome.completed and outcome.passed
    assert outcome.score == 100
    assert page.javascript_errors == []


def test_a_learner_completes_the_scorm2004_package_moving_between_its_scos(
    live_url, new_page, scorm2004, learner
):
    page = new_page()
    login(page, learner.email, PASSWORD)
    page.goto(f"/pacchetti/{scorm2004.pk}/")
    assert_accessible(page)
    assert page.get_by_role("navigation", name="Indice").is_visible()
    sco = _sco(page)
    # adl.nav.request=continue, then Terminate: the player launches the next SCO.
    sco.get_by_role("button", name="Vai alla verifica finale").click()
    page.wait_for_url("**/?voce=verifica")
    sco = _sco(page)
    sco.get_by_label("Solo se la persona trova un lavoro (a risultato)").check()
    sco.get_by_role("button", name="Conferma la risposta").click()
    sco.get_by_text("Risposta corretta: verifica superata.").wait_for()
    page.get_by_text("I tuoi progressi sono stati salvati.").wait_for()
    outcome = package_outcomes(package_ids=[scorm2004.pk], user_ids=[learner.pk])[
        (scorm2004.pk, learner.pk)
    ]
    assert outcome.completed is True
    assert outcome.passed is True
    # Back to the course page: the package is listed as completed.
    page.goto(f"/corsi/{scorm2004.course.slug}/")
    panel = page.locator("section[aria-labelledby=course-packages-title]")
    assert "completato" in panel.inner_text()
    assert page.javascript_errors == []


def test_the_runtime_answers_the_standards_error_codes_in_the_browser(
    live_url, new_page, scorm12, scorm2004, learner
):
    page = new_page()
    login(page, learner.email, PASSWORD)
    page.goto(f"/pacchetti/{scorm12.pk}/")
    _sco(page).get_by_role("heading", name="Che cos'è").wait_for()  # the SCO has initialised
    codes = page.evaluate(
        """() => {
            const api = window.API, out = {};
            const attempt = (name, call) => { call(); out[name] = api.LMSGetLastError(); };
            attempt("again", () => api.LMSInitialize(""));
            attempt("unknown", () => api.LMSSetValue("cmi.core.nonsense", "x"));
            attempt("readOnly", () => api.LMSSetValue("cmi.core.student_id", "x"));
            attempt("writeOnly", () => api.LMSGetValue("cmi.core.exit"));
            attempt("range", () => api.LMSSetValue("cmi.core.score.raw", "200"));
            out.finish = api.LMSFinish("");
            out.finishError = api.LMSGetLastError();
            return out;
        }"""
    )
    assert codes == {
        "again": "101",
        "unknown": "401",
        "readOnly": "403",
        "writeOnly": "404",
        "range": "405",
        "finish": "true",
        "finishError": "0",
    }
    # (scorm-again 3.4.3 answers an LMSCommit after LMSFinish with "true" and sends nothing;
    # the server refuses a commit from a finished session with 101: test_runtime.py.)
    page.goto(f"/pacchetti/{scorm2004.pk}/")
    _sco(page).get_by_role("button", name="Vai alla verifica finale").wait_for()
    codes = page.evaluate(
        """() => {
            const api = window.API_1484_11, out = {};
            const attempt = (name, call) => { call(); out[name] = api.GetLastError(); };
            attempt("unknown", () => api.SetValue("cmi.nonsense", "x"));
            attempt("readOnly", () => api.SetValue("cmi.learner_id", "x"));
            attempt("writeOnly", () => api.GetValue("cmi.session_time"));
            attempt("type", () => api.SetValue("cmi.completion_status", "done"));
            attempt("range", () => api.SetValue("cmi.score.scaled", "2"));
            api.Terminate("");
            attempt("afterTerminate", () => api.Commit(""));
            return out;
        }"""
    )
    assert codes == {
        "unknown": "401",
        "readOnly": "404",
        "writeOnly": "405",
        "type": "406",
        "range": "407",
        "afterTerminate": "143",
    }
