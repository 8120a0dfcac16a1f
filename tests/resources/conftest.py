"""Fixtures for the resources tests: a small plan, people in each relation, files to upload."""

import io
import zipfile
from dataclasses import replace
from datetime import date, time
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from courses.models import Course, Edition, Enrolment, Programme, Session
from demo.documents import make_docx, make_pdf
from resources import services
from resources.models import Resource
from resources.uploads import sort_uploads
from website.accounts.roles import Role


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    """Each test stores its uploads in its own folder."""
    settings.MEDIA_ROOT = tmp_path / "media"


def pdf_bytes(*, title="Documento di prova", text="Testo del documento."):
    return make_pdf(
        title=title, subtitle="Prova", sections=[("Sezione", [text])], footer="Aula", author="Test"
    )


def docx_bytes(*, title="Modulo", paragraphs=("Testo del modulo.",)):
    return make_docx(title=title, paragraphs=list(paragraphs))


def upload(name, data, content_type="application/octet-stream"):
    return SimpleUploadedFile(name, data, content_type=content_type)


def accepted(name, data, *, title=None):
    files, refused = sort_uploads([upload(name, data)])
    assert not refused, refused
    return [replace(item, title=title or item.title) for item in files]


def zip_bytes(entries):
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as package:
        for name, content in entries.items():
            package.writestr(name, content)
    return output.getvalue()


@pytest.fixture
def plan(org):
    programme = Programme.objects.create(
        title="Piano di prova",
        slug="piano-prova",
        starts_on=date(2026, 1, 1),
        ends_on=date(2026, 12, 31),
    )
    unit = Course.objects.create(
        programme=programme, code="UD1", title="Trasparenza", slug="ud1-prova", sort_order=1
    )
    other = Course.objects.create(
        programme=programme, code="UD2", title="Patto di servizio", slug="ud2-prova", sort_order=2
    )
    edition = Edition.objects.create(
        course=unit,
        code="UD1-PA-01",
        cluster=org["north"],
        starts_on=date(2026, 3, 2),
        ends_on=date(2026, 3, 4),
    )
    Session.objects.create(
        edition=edition,
        date=date(2026, 3, 2),
        starts_at=time(9),
        ends_at=time(14),
        hours=Decimal("5"),
    )
    other_edition = Edition.objects.create(
        course=other,
        code="UD2-SR-01",
        cluster=org["south"],
        starts_on=date(2026, 4, 6),
        ends_on=date(2026, 4, 8),
    )
    return {
        "programme": programme,
        "unit": unit,
        "other": other,
        "edition": edition,
        "other_edition": other_edition,
    }


def enrol(user, edition, status=Enrolment.Status.APPROVED):
    return Enrolment.objects.create(user=user, edition=edition, status=status)


@pytest.fixture
def learner(make_user, org, plan):
    """An operator with a confirmed place in UD1."""
    user = make_user(role=Role.OPERATOR, centre=org["pa1"], email="iscritta@example.org")
    enrol(user, plan["edition"])
    return user


@pytest.fixture
def unit_teacher(teacher, plan):
    plan["edition"].teachers.add(teacher)
    return teacher


@pytest.fixture
def make_resource(plan):
    """make_resource(audience=..., course=..., text=...) → a PDF resource, already read."""

    def make(
        *,
        audience=Resource.Audience.PUBLIC,
        course="unit",
        title=None,
        text=None,
        kind=Resource.Kind.HANDOUT,
        user=None,
        **details,
    ):
        course = plan[course] if isinstance(course, str) else course
        title = title or f"Materiale {audience}"
        data = pdf_bytes(title=title, text=text or f"Contenuto per {audience}.")
        return services.resource_create_from_uploads(
            user=user,
            uploads=accepted(f"{audience}.pdf", data, title=title),
            kind=kind,
            audience=audience,
            course=course,
            process_in_background=False,
            **details,
        )[0]

    return make
