"""Courses test data, shared by every app: a published programme, a course, editions with days."""

import itertools
from datetime import timedelta

import pytest
from django.utils import timezone

from courses.models import Course, Edition, Enrolment, Programme, Session

from .factories import add_days

_codes = itertools.count(1)


@pytest.fixture
def programme(org):
    today = timezone.localdate()
    return Programme.objects.create(
        title="Piano di prova",
        slug="piano-di-prova",
        region=org["region"],
        starts_on=today - timedelta(days=200),
        ends_on=today + timedelta(days=200),
    )


@pytest.fixture
def course(programme):
    return Course.objects.create(
        programme=programme,
        code="UD1",
        title="Trasparenza e accesso agli atti",
        slug="ud1-trasparenza",
        objectives="<p>Conoscere gli obblighi di trasparenza.</p>",
    )


@pytest.fixture
def make_edition(course, org):
    """make_edition(capacity=2, starts_in=30, days=2, ...) → a scheduled, open edition with days."""

    def make(
        *,
        course=course,
        capacity=20,
        starts_in=30,
        days=2,
        cluster=None,
        status=Edition.Status.SCHEDULED,
        mode=Session.Mode.CLASSROOM,
        meeting_url="",
        **fields,
    ):
        start = timezone.localdate() + timedelta(days=starts_in)
        edition = Edition.objects.create(
            course=course,
            code=fields.pop("code", f"ED-{next(_codes)}"),
            cluster=cluster or org["north"],
            venue_name="Aula formazione CPI Palermo Centro",
            venue_address="Via della Prova 1, Palermo",
            capacity=capacity,
            starts_on=start,
            ends_on=start + timedelta(days=max(days - 1, 0)),
            status=status,
            **fields,
        )
        add_days(edition, start, days, mode=mode, meeting_url=meeting_url)
        return edition

    return make


@pytest.fixture
def edition(make_edition):
    return make_edition()


@pytest.fixture
def place(db):
    """place(user, edition, status=APPROVED) → an enrolment made directly (no rules, no emails)."""

    def make(user, edition, status=Enrolment.Status.APPROVED, **fields):
        if status == Enrolment.Status.WAITLISTED:
            fields.setdefault("waitlisted_at", timezone.now())
        return Enrolment.objects.create(user=user, edition=edition, status=status, **fields)

    return make


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """``with committed(): ...`` → the work queued for after the commit (emails) runs at the end."""
    return lambda: django_capture_on_commit_callbacks(execute=True)
