"""Fixtures for the certificates tests: a template with images, closed editions, attendance."""

import io
from decimal import Decimal

import pytest
from django.core.files.images import ImageFile
from PIL import Image as PillowImage

from attendance.models import AttendanceRecord, AttendanceStatus, RegisterClosure
from certificates import services
from certificates.models import CertificateTemplate
from courses.models import Edition


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    """Each test stores its PDFs and images in its own folder."""
    settings.MEDIA_ROOT = tmp_path / "media"


def png(colour="navy", size=(240, 80), name="immagine.png"):
    buffer = io.BytesIO()
    PillowImage.new("RGB", size, colour).save(buffer, format="PNG")
    buffer.seek(0)
    return ImageFile(buffer, name=name)


@pytest.fixture
def template(db):
    return CertificateTemplate.objects.create(
        name="Regione di prova",
        is_default=True,
        issuer_name="Regione di prova",
        issuer_office="Servizio formazione del personale dei CPI",
        issuer_place="Palermo",
        signatory_name="Maria Rossi",
        signatory_role="La dirigente del servizio",
        logo=png(name="logo.png"),
        signature=png("black", (300, 90), "firma.png"),
    )


@pytest.fixture
def close_register(training_manager):
    def close(edition):
        RegisterClosure.objects.create(edition=edition, closed_by=training_manager)
        return edition

    return close


@pytest.fixture
def closed_edition(make_edition, close_register):
    """closed_edition(days=3, ...) → a finished edition whose register is closed."""

    def make(*, days=2, **fields):
        fields.setdefault("starts_in", -40)
        fields.setdefault("status", Edition.Status.CLOSED)
        return close_register(make_edition(days=days, **fields))

    return make


@pytest.fixture
def attend(db):
    """attend(user, edition, [5, 3.5, "excused", 0]) → one record per day, in date order.

    A number is the hours attended that day (the whole day counts as present,
    fewer as a late arrival); "excused" and "absent" are absences.
    """

    def mark(user, edition, days):
        sessions = list(edition.sessions.order_by("date", "starts_at"))
        assert len(days) <= len(sessions)
        records = []
        for session, day in zip(sessions, days, strict=False):
            if day in ("excused", "absent"):
                status, hours = AttendanceStatus(day), Decimal("0")
            else:
                hours = Decimal(str(day))
                if hours == session.hours:
                    status = AttendanceStatus.PRESENT
                elif hours == 0:
                    status = AttendanceStatus.ABSENT
                else:
                    status = AttendanceStatus.LATE
            records.append(
                AttendanceRecord.objects.create(
                    session=session, user=user, status=status, hours=hours
                )
            )
        return records

    return mark


@pytest.fixture
def participant(make_user, place, org):
    """participant(edition, language="it") → an operator with a confirmed place."""

    def make(edition, **fields):
        person = make_user(centre=fields.pop("centre", org["pa1"]), **fields)
        place(person, edition)
        return person

    return make


@pytest.fixture
def issue_certificate(closed_edition, participant, attend, template, training_manager):
    """issue_certificate(days=(5, 5), edition=None, **person) → a new participant's certificate."""

    def issue(*, days=(5, 5), edition=None, **person):
        edition = edition or closed_edition(days=len(days))
        holder = participant(edition, **person)
        attend(holder, edition, list(days))
        return services.certificate_issue(
            edition=edition, user=holder, by=training_manager, notify=False
        )

    return issue
