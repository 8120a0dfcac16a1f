"""What certificates add to other apps' pages and to the reports, through hooks."""

from datetime import timedelta

import pytest
from bs4 import BeautifulSoup
from django.test import RequestFactory
from django.utils import timezone
from wagtail import hooks

from certificates import services
from certificates.models import Certificate, CertificateRule
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


@pytest.fixture
def holder_and_certificate(issue_certificate):
    certificate = issue_certificate()
    return certificate.user, certificate


def soup_of(response):
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def test_the_dashboard_lists_my_certificates_with_their_links(client, holder_and_certificate):
    holder, certificate = holder_and_certificate
    client.login(email=holder.email, password=PASSWORD)
    panel = soup_of(client.get("/la-mia-formazione/")).find(id="attestati")
    assert panel.find("h3").get_text() == "I miei attestati"
    links = {a["href"] for a in panel.find_all("a")}
    assert {
        f"/attestati/{certificate.pk}/attestato.pdf",
        f"/attestati/{certificate.pk}/credenziale.jwt",
        f"/attestati/verifica/{certificate.code}/",
    } <= links
    assert certificate.grouped_code in panel.get_text()
    assert "Valido" in panel.get_text()


def test_the_dashboard_panel_says_when_there_is_nothing_yet(client, operator):
    client.login(email=operator.email, password=PASSWORD)
    panel = soup_of(client.get("/la-mia-formazione/")).find(id="attestati")
    assert "Non hai ancora attestati" in panel.get_text()


def test_a_revoked_certificate_shows_without_download(
    client, holder_and_certificate, training_manager
):
    holder, certificate = holder_and_certificate
    services.certificate_revoke(
        certificate=certificate, by=training_manager, reason="Errore", notify=False
    )
    client.login(email=holder.email, password=PASSWORD)
    panel = soup_of(client.get("/la-mia-formazione/")).find(id="attestati")
    assert "Revocato" in panel.get_text()
    assert not panel.find("a", href=f"/attestati/{certificate.pk}/attestato.pdf")


def test_the_dashboard_shows_a_revocation_at_once(client, holder_and_certificate, training_manager):
    """The holder's certificates come from the cache after the first look: revoking one
    moves the holder's generation, and the next look shows it revoked."""
    holder, certificate = holder_and_certificate
    client.login(email=holder.email, password=PASSWORD)
    panel = soup_of(client.get("/la-mia-formazione/")).find(id="attestati")
    assert "Valido" in panel.get_text()
    services.certificate_revoke(
        certificate=certificate, by=training_manager, reason="Errore", notify=False
    )
    panel = soup_of(client.get("/la-mia-formazione/")).find(id="attestati")
    assert "Revocato" in panel.get_text()


def test_the_course_page_shows_the_rule(client, course, edition):
    CertificateRule.objects.create(course=course, validity_months=36)
    panel = soup_of(client.get(course.get_absolute_url())).find(id="attestato")
    words = " ".join(panel.get_text().split())
    assert "almeno il 70% delle ore della propria edizione" in words
    assert "anche giustificate, non contano" in words
    assert "vale 36 mesi" in words


def test_the_course_page_tells_holders_they_have_it(client, holder_and_certificate):
    holder, certificate = holder_and_certificate
    client.login(email=holder.email, password=PASSWORD)
    panel = soup_of(client.get(certificate.course.get_absolute_url())).find(id="attestato")
    assert "Hai l'attestato di questo corso." in panel.get_text()
    assert panel.find("a", href=f"/attestati/{certificate.pk}/attestato.pdf")


def test_the_reports_count_valid_certificates_expired_included(
    holder_and_certificate, closed_edition, participant, attend, training_manager
):
    _holder, certificate = holder_and_certificate
    edition = certificate.edition
    revoked_holder, expired_holder, replaced_holder = (participant(edition) for _ in range(3))
    for person in (revoked_holder, expired_holder, replaced_holder):
        attend(person, edition, [5, 5])
    services.certificates_issue_edition(edition=edition, by=training_manager, notify=False)
    services.certificate_revoke(
        certificate=Certificate.objects.get(user=revoked_holder),
        by=training_manager,
        reason="Errore",
        notify=False,
    )
    Certificate.objects.filter(user=expired_holder).update(
        expires_on=timezone.localdate() - timedelta(days=1)
    )
    services.certificate_reissue(
        certificate=Certificate.objects.get(user=replaced_holder),
        by=training_manager,
        reason="Correzione",
        notify=False,
    )
    (holders_hook,) = hooks.get_hooks("aula_certificate_holders")
    rows = set(holders_hook().values_list("user_id", "edition_id"))
    assert rows == {
        (certificate.user_id, edition.pk),
        (expired_holder.pk, edition.pk),
        (replaced_holder.pk, edition.pk),
    }


def test_the_training_record_links_downloads_only_for_who_may_download(
    holder_and_certificate, training_manager, centre_manager
):
    holder, certificate = holder_and_certificate
    (panel,) = [
        panel
        for panel in hooks.get_hooks("aula_training_record_panels")
        if panel.__module__ == "certificates.wagtail_hooks"
    ]
    request = RequestFactory().get("/")
    request.user = training_manager
    html = panel(request, holder)
    assert certificate.grouped_code in html
    assert f"/attestati/{certificate.pk}/attestato.pdf" in html
    request.user = centre_manager
    html = panel(request, holder)
    assert certificate.grouped_code in html
    assert f"/attestati/{certificate.pk}/attestato.pdf" not in html
    assert panel(request, centre_manager) == ""


def test_a_revoked_certificate_reissued_shows_only_its_reissue(
    client, holder_and_certificate, training_manager
):
    holder, certificate = holder_and_certificate
    services.certificate_revoke(
        certificate=certificate, by=training_manager, reason="Errore", notify=False
    )
    new = services.certificate_reissue(
        certificate=certificate, by=training_manager, reason="Revoca sbagliata", notify=False
    )
    client.login(email=holder.email, password=PASSWORD)
    panel = soup_of(client.get("/la-mia-formazione/")).find(id="attestati").get_text()
    assert new.grouped_code in panel and certificate.grouped_code not in panel


def test_the_course_page_shows_a_rule_changed_or_removed_at_once(client, course, edition):
    """The course page reads the rule from the cache: every save and delete is seen."""
    rule = CertificateRule.objects.create(course=course, validity_months=36)
    assert "vale 36 mesi" in soup_of(client.get(course.get_absolute_url())).get_text()
    rule.validity_months = 24
    rule.save()
    words = " ".join(soup_of(client.get(course.get_absolute_url())).get_text().split())
    assert "vale 24 mesi" in words and "vale 36 mesi" not in words
    rule.delete()
    assert "vale 24 mesi" not in soup_of(client.get(course.get_absolute_url())).get_text()
