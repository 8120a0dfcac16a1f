"""The training managers' pages: editions, an edition, runs and their progress, one certificate."""

from types import SimpleNamespace

import pytest
from bs4 import BeautifulSoup
from wagtail import hooks

from certificates.hooks import CERTIFICATE_CONDITIONS
from certificates.models import Certificate, CertificateRule, IssueRun
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


@pytest.fixture
def manager(client, training_manager):
    client.login(email=training_manager.email, password=PASSWORD)
    return client


@pytest.fixture
def edition(closed_edition, participant, attend, template):
    edition = closed_edition(days=2)
    for hours in ([5, 5], [5, 4], [5, "absent"]):
        attend(participant(edition), edition, hours)
    return edition


def text(response):
    assert response.status_code == 200, response.status_code
    return " ".join(BeautifulSoup(response.content, "html.parser").get_text(" ").split())


def test_the_list_shows_editions_with_a_closed_register(manager, edition, make_edition):
    make_edition()  # register still open: not listed
    page = text(manager.get("/admin/attestati/"))
    assert edition.code in page
    assert page.count("ED-") == 1


def test_the_edition_page_says_who_meets_the_rule_and_issues_in_bulk(manager, edition, committed):
    page = text(manager.get(f"/admin/attestati/edizioni/{edition.pk}/"))
    assert "3 partecipanti" in page and "soddisfano la regola: 2" in page
    assert "Rilascia gli attestati a 2 persone" in page
    assert "frequenza insufficiente" in page
    with committed():
        response = manager.post(f"/admin/attestati/edizioni/{edition.pk}/rilascia/")
    run = IssueRun.objects.get()
    assert (
        response.status_code == 302
        and response["Location"] == f"/admin/attestati/rilasci/{run.pk}/"
    )
    progress = manager.get(f"/admin/attestati/rilasci/{run.pk}/stato/").json()
    assert progress | {"summary": None} == {
        "state": "done",
        "state_label": "Completata",
        "total": 2,
        "issued": 2,
        "skipped": 0,
        "processed": 2,
        "percent": 100,
        "active": False,
        "error": "",
        "summary": None,
    }
    page = manager.get(f"/admin/attestati/rilasci/{run.pk}/")
    soup = BeautifulSoup(page.content, "html.parser")
    bar = soup.find("progress")
    assert (bar["max"], bar["value"]) == ("2", "2")
    assert soup.find(id=bar["id"]) and soup.find("label", attrs={"for": bar["id"]})
    assert "2 di 2 · rilasciati: 2" in text(page)
    assert Certificate.objects.filter(edition=edition).count() == 2
    # Once everyone has one, the edition page offers no bulk issue any more.
    assert "Rilascia gli attestati" not in text(
        manager.get(f"/admin/attestati/edizioni/{edition.pk}/")
    )


def test_an_active_run_is_shown_with_polling_and_a_reload_link(manager, edition, training_manager):
    run = IssueRun.objects.create(edition=edition, started_by=training_manager, total=2)
    soup = BeautifulSoup(manager.get(f"/admin/attestati/rilasci/{run.pk}/").content, "html.parser")
    box = soup.find(attrs={"data-issue-run": True})
    assert box["data-active"] == "true"
    assert box["data-status-url"] == f"/admin/attestati/rilasci/{run.pk}/stato/"
    assert soup.find("a", href=f"/admin/attestati/rilasci/{run.pk}/")
    assert soup.find("script", src=lambda src: src and "issue_run" in src)
    edition_page = text(manager.get(f"/admin/attestati/edizioni/{edition.pk}/"))
    assert "Segui il rilascio in corso" in edition_page


def test_single_issue_from_the_edition_page(manager, edition):
    person = edition.enrolments.order_by("pk").first().user
    response = manager.post(
        f"/admin/attestati/edizioni/{edition.pk}/rilascia-una-persona/", {"user": person.pk}
    )
    assert response.status_code == 302
    assert Certificate.objects.filter(user=person).count() == 1
    for bad in ({"user": "abc"}, {}, {"user": 999999}, {"user": person.pk}):
        manager.post(f"/admin/attestati/edizioni/{edition.pk}/rilascia-una-persona/", bad)
    assert Certificate.objects.count() == 1


def test_revocation_form_requires_a_reason(manager, edition, training_manager):
    person = edition.enrolments.order_by("pk").first().user
    manager.post(
        f"/admin/attestati/edizioni/{edition.pk}/rilascia-una-persona/", {"user": person.pk}
    )
    certificate = Certificate.objects.get()
    for reason in ("", "   ", "no"):
        page = manager.post(f"/admin/attestati/{certificate.pk}/revoca/", {"reason": reason})
        assert page.status_code == 200
    certificate.refresh_from_db()
    assert certificate.status == "valid"
    response = manager.post(
        f"/admin/attestati/{certificate.pk}/revoca/", {"reason": "Ore segnate per errore"}
    )
    assert response["Location"] == f"/admin/attestati/{certificate.pk}/"
    certificate.refresh_from_db()
    assert certificate.status == "revoked"
    detail = text(manager.get(f"/admin/attestati/{certificate.pk}/"))
    assert "Ore segnate per errore" in detail and "Revocato" in detail
    # A revoked certificate offers no second revocation.
    assert manager.get(f"/admin/attestati/{certificate.pk}/revoca/").status_code in (302, 403)


def test_reissue_from_the_certificate_page(manager, edition):
    person = edition.enrolments.order_by("pk").first().user
    manager.post(
        f"/admin/attestati/edizioni/{edition.pk}/rilascia-una-persona/", {"user": person.pk}
    )
    old = Certificate.objects.get()
    form = text(manager.get(f"/admin/attestati/{old.pk}/riemissione/"))
    assert "Ore nel registro oggi" in form
    response = manager.post(f"/admin/attestati/{old.pk}/riemissione/", {"reason": "Nuovo registro"})
    new = Certificate.objects.get(replaces=old)
    assert response["Location"] == f"/admin/attestati/{new.pk}/"
    history = text(manager.get(f"/admin/attestati/{old.pk}/"))
    assert "Sostituito da un attestato riemesso" in history and new.grouped_code in history


def test_the_certificate_list_finds_by_code_in_any_case(manager, edition):
    person = edition.enrolments.order_by("pk").first().user
    manager.post(
        f"/admin/attestati/edizioni/{edition.pk}/rilascia-una-persona/", {"user": person.pk}
    )
    certificate = Certificate.objects.get()
    found = text(manager.get("/admin/attestati/elenco/", {"q": certificate.grouped_code.lower()}))
    assert certificate.grouped_code in found
    missing = text(manager.get("/admin/attestati/elenco/", {"q": "nessuno-così"}))
    assert "Nessun attestato corrisponde alla ricerca." in missing


def test_rules_take_conditions_offered_by_other_apps(manager, course):
    def survey():
        return SimpleNamespace(
            key="questionario",
            label="Questionario di gradimento compilato",
            users_meeting=lambda edition, ids: set(ids),
        )

    with hooks.register_temporarily(CERTIFICATE_CONDITIONS, survey):
        form = text(manager.get("/admin/attestati/regole/new/"))
        assert "Questionario di gradimento compilato" in form
        response = manager.post(
            "/admin/attestati/regole/new/",
            {"course": course.pk, "conditions": ["questionario"], "validity_months": "36"},
        )
        assert response.status_code == 302
        refused = manager.post(
            "/admin/attestati/regole/new/",
            {"course": course.pk, "conditions": ["inventata"], "validity_months": "0"},
        )
        assert refused.status_code == 200
    rule = CertificateRule.objects.get()
    assert (rule.conditions, rule.validity_months) == (["questionario"], 36)


def test_templates_are_listed_with_the_versions_they_have_used(manager, template):
    page = text(manager.get("/admin/attestati/modelli/"))
    assert "Regione di prova" in page and "Versioni usate" in page
