"""Issued means frozen: later edits to the course, the template or its images change nothing issued."""

import io

import pytest
from PIL import Image as PillowImage

from certificates import services
from certificates.models import CertificateTemplateVersion

from .conftest import png
from .test_pdf import pdf_text

pytestmark = pytest.mark.django_db


def test_edits_after_issue_never_reach_an_issued_certificate(
    client, closed_edition, participant, attend, template, training_manager, course
):
    edition = closed_edition(days=2)
    holder = participant(edition)
    attend(holder, edition, [5, 5])
    certificate = services.certificate_issue(
        edition=edition, user=holder, by=training_manager, notify=False
    )
    issued_pdf = certificate.pdf.read()
    assert "UD1 – Trasparenza e accesso agli atti" in pdf_text(issued_pdf)

    course.title = "Titolo cambiato dopo il rilascio"
    course.save()
    template.signatory_name = "Firmataria Nuova"
    template.issuer_name = "Ente rinominato"
    template.save()
    template.logo = png("red", (400, 400), "logo-nuovo.png")
    template.save()

    certificate.refresh_from_db()
    certificate.pdf.open("rb")
    assert certificate.pdf.read() == issued_pdf
    page = client.get(f"/attestati/verifica/{certificate.code}/").content.decode()
    assert "Trasparenza e accesso agli atti" in page
    assert "Titolo cambiato dopo il rilascio" not in page
    assert "Regione di prova" in page and "Ente rinominato" not in page

    # What is issued from now on uses the template as it is now, in a new version.
    late = participant(edition)
    attend(late, edition, [5, 5])
    newer = services.certificate_issue(
        edition=edition, user=late, by=training_manager, notify=False
    )
    assert newer.template_version != certificate.template_version
    assert (newer.template_version.number, certificate.template_version.number) == (2, 1)
    text = pdf_text(newer.pdf.read())
    assert "Titolo cambiato dopo il rilascio" in text and "Firmataria Nuova" in text
    # The first version still holds the logo it was issued with.
    with certificate.template_version.logo.open("rb") as stored:
        assert PillowImage.open(io.BytesIO(stored.read())).size == (240, 80)


def test_a_template_version_is_made_once_and_never_edited(template):
    first = services.template_version_current(template=template)
    assert services.template_version_current(template=template) == first
    assert CertificateTemplateVersion.objects.count() == 1
    first.signatory_name = "Altro nome"
    with pytest.raises(ValueError, match="never edited"):
        first.save()
