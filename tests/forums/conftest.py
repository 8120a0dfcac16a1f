"""Forum fixtures: a course edition in the northern cluster, its participants and forums."""

import datetime

import pytest

from courses.models import Course, Edition, Enrolment, Programme
from forums import services
from forums.models import Forum
from website.accounts.roles import Role


@pytest.fixture
def programme(org):
    return Programme.objects.create(
        title="Piano regionale di prova",
        slug="piano-prova",
        region=org["region"],
        starts_on=datetime.date(2026, 1, 1),
        ends_on=datetime.date(2026, 12, 31),
    )


@pytest.fixture
def course(programme):
    return Course.objects.create(
        programme=programme,
        code="UD1",
        title="Trasparenza e diritto di accesso agli atti",
        slug="ud1-prova",
    )


def make_edition(course, cluster, code, *teachers):
    edition = Edition.objects.create(
        course=course,
        code=code,
        cluster=cluster,
        starts_on=datetime.date(2026, 3, 2),
        ends_on=datetime.date(2026, 3, 4),
    )
    edition.teachers.add(*teachers)
    return edition


def enrol(user, edition, status=Enrolment.Status.APPROVED):
    return Enrolment.objects.create(user=user, edition=edition, status=status)


@pytest.fixture
def edition(course, org, teacher):
    return make_edition(course, org["north"], "UD1-PA-01", teacher)


@pytest.fixture
def other_edition(course, org, make_user):
    other_teacher = make_user(role=Role.TEACHER, email="docente.sr@example.org")
    return make_edition(course, org["south"], "UD1-SR-01", other_teacher)


@pytest.fixture
def outsider(make_user, org):
    """An operator of the southern cluster: not a member of the northern one."""
    return make_user(role=Role.OPERATOR, centre=org["sr1"], email="operatore.sr@example.org")


@pytest.fixture
def participant(make_user, org, edition):
    """A southern operator with a confirmed place in the northern edition."""
    user = make_user(role=Role.OPERATOR, centre=org["sr2"], email="partecipante@example.org")
    enrol(user, edition)
    return user


@pytest.fixture
def community(db):
    return Forum.objects.get(slug="comunita")


@pytest.fixture
def announcements(db):
    return Forum.objects.get(slug="avvisi")


@pytest.fixture
def north_forum(org):
    return Forum.objects.get(cluster=org["north"])


@pytest.fixture
def south_forum(org):
    return Forum.objects.get(cluster=org["south"])


@pytest.fixture
def edition_forum(edition):
    return Forum.objects.get(edition=edition)


@pytest.fixture
def north_topic(north_forum, operator):
    return services.topic_create(
        forum=north_forum,
        author=operator,
        title="Patto di servizio e profilazione: come vi organizzate?",
        source="Nel nostro centro la profilazione richiede troppo tempo. Voi come fate?",
    )


@pytest.fixture
def edition_topic(edition_forum, teacher):
    return services.topic_create(
        forum=edition_forum,
        author=teacher,
        title="Materiali della prima giornata",
        source="Qui trovate le slide sull'accesso documentale e sull'accesso civico.",
    )


@pytest.fixture
def outbox(db, mailoutbox):
    """The sent emails. Django's test case empties the outbox when the database is set
    up, so this asks for the database first."""
    return mailoutbox
