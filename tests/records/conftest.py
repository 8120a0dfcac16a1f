"""The yearly record's test data: dated editions, events, declarations, a demo issuer."""

import io
import itertools
from datetime import date, time
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from reportlab.pdfgen import canvas

from attendance.models import AttendanceRecord
from courses.models import Course, Edition, Session
from demo.issuer import DemoIssuer
from records.models import EventAttendance, ExternalTraining
from tests.cms.factories import make_event
from website.accounts.roles import Role

_codes = itertools.count(1)


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def pdf_bytes(text="Attestato di frequenza") -> bytes:
    buffer = io.BytesIO()
    page = canvas.Canvas(buffer)
    page.drawString(72, 720, text)
    page.showPage()
    page.save()
    return buffer.getvalue()


def pdf_upload(name="attestato.pdf"):
    return SimpleUploadedFile(name, pdf_bytes(), content_type="application/pdf")


@pytest.fixture
def dated_edition(programme, org):
    """dated_edition([date, ...], hours="5") → a closed edition (of a unit of its own) with one
    day per date."""

    def make(days, *, hours="5", status=Edition.Status.CLOSED):
        number = next(_codes)
        course = Course.objects.create(
            programme=programme, code=f"UR{number}", title=f"Unità {number}", slug=f"ur-{number}"
        )
        edition = Edition.objects.create(
            course=course,
            code=f"REC-{number}",
            cluster=org["north"],
            venue_name="Aula",
            starts_on=min(days),
            ends_on=max(days),
            status=status,
        )
        Session.objects.bulk_create(
            Session(
                edition=edition,
                date=day,
                starts_at=time(9),
                ends_at=time(14),
                hours=Decimal(hours),
            )
            for day in days
        )
        return edition

    return make


@pytest.fixture
def attended(place):
    """attended(person, edition, hours_each=None) → a place and a present mark for every day."""

    def mark(person, edition, hours=None):
        place(person, edition)
        for session in edition.sessions.all():
            AttendanceRecord.objects.create(
                session=session,
                user=person,
                status="present",
                hours=Decimal(hours) if hours is not None else session.hours,
            )

    return mark


@pytest.fixture
def event_page(db):
    """event_page(on=date) → a published EventPage under the events index."""

    def make(on: date, title="Evento regionale sui LEP"):
        days = (on - timezone.localdate()).days
        return make_event(days_from_now=days, capacity=50, title=title)

    return make


@pytest.fixture
def confirmed_event(event_page, training_manager):
    def make(person, on, hours="3"):
        from website.cms.models import EventRegistration

        event = event_page(on)
        EventRegistration.objects.create(event=event, user=person)
        return EventAttendance.objects.create(
            event=event, user=person, hours=Decimal(hours), confirmed_by=training_manager
        )

    return make


@pytest.fixture
def external(db):
    """external(person, ends_on, hours, status=APPROVED) → a declaration with a PDF, as stored."""

    def make(person, ends_on, hours="6", status=ExternalTraining.Status.APPROVED, **fields):
        return ExternalTraining.objects.create(
            user=person,
            title=fields.pop("title", "Corso esterno"),
            provider=fields.pop("provider", "Syllabus"),
            starts_on=fields.pop("starts_on", ends_on),
            ends_on=ends_on,
            hours=Decimal(hours),
            evidence=fields.pop("evidence", ExternalTraining.Evidence.PDF),
            evidence_name="attestato.pdf",
            status=status,
            **fields,
        )

    return make


@pytest.fixture
def issuer():
    with DemoIssuer(seed=None).serving() as running:
        yield running


@pytest.fixture
def colleague(make_user, org):
    return make_user(role=Role.OPERATOR, centre=org["pa1"], email="collega@example.org")


@pytest.fixture
def other_manager(make_user, org):
    user = make_user(role=Role.CENTRE_MANAGER, centre=org["sr1"], email="altro.dir@example.org")
    org["sr1"].managers.add(user)
    return user


def today():
    return timezone.localdate()
