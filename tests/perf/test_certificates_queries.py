"""Certificate pages make as many queries for many certificates as for a few."""

import itertools

import pytest

from certificates import services
from certificates.models import Certificate
from courses.models import Course
from tests.certificates import conftest as certificate_fixtures
from tests.conftest import PASSWORD

from .helpers import PAGE_CEILING, assert_same_queries

# The certificates tests' fixtures, shared with these query counts.
_media_in_tmp = certificate_fixtures._media_in_tmp
attend = certificate_fixtures.attend
close_register = certificate_fixtures.close_register
closed_edition = certificate_fixtures.closed_edition
participant = certificate_fixtures.participant
template = certificate_fixtures.template

pytestmark = pytest.mark.django_db
_numbers = itertools.count(1)


@pytest.fixture
def grow_edition(closed_edition, participant, attend, template, training_manager):
    """grow_edition(edition, n) → n more participants, each attending fully and certified."""

    def grow(edition, count):
        for _ in range(count):
            person = participant(edition)
            attend(person, edition, [5, 5])
        services.certificates_issue_edition(edition=edition, by=training_manager, notify=False)

    return grow


@pytest.fixture
def holder_in_courses(programme, make_edition, close_register, place, attend, template, make_user):
    """One person who collects a certificate per new course."""
    holder = make_user()

    def grow(count, *, by):
        for _ in range(count):
            number = next(_numbers)
            course = Course.objects.create(
                programme=programme,
                code=f"PF{number}",
                title=f"Corso {number}",
                slug=f"pf-{number}",
            )
            edition = close_register(make_edition(course=course, days=2, starts_in=-30))
            place(holder, edition)
            attend(holder, edition, [5, 5])
            services.certificate_issue(edition=edition, user=holder, by=by, notify=False)

    return holder, grow


def test_the_dashboard_panel(client, holder_in_courses, training_manager):
    holder, grow = holder_in_courses
    grow(1, by=training_manager)
    client.login(email=holder.email, password=PASSWORD)
    assert_same_queries(client, "/la-mia-formazione/", lambda: grow(4, by=training_manager))
    assert Certificate.objects.filter(user=holder).count() == 5


def test_the_verification_page(client, closed_edition, grow_edition):
    edition = closed_edition(days=2)
    grow_edition(edition, 1)
    code = Certificate.objects.get().code
    assert_same_queries(
        client,
        f"/attestati/verifica/{code}/",
        lambda: grow_edition(edition, 5),
        at_most=PAGE_CEILING,
    )


def test_the_course_page_with_the_rule_and_my_certificate(
    client, holder_in_courses, training_manager
):
    holder, grow = holder_in_courses
    grow(1, by=training_manager)
    course = Certificate.objects.get(user=holder).course
    client.login(email=holder.email, password=PASSWORD)
    assert_same_queries(client, course.get_absolute_url(), lambda: grow(3, by=training_manager))


def test_the_admin_edition_page(client, closed_edition, grow_edition, training_manager):
    edition = closed_edition(days=2)
    grow_edition(edition, 2)
    client.login(email=training_manager.email, password=PASSWORD)
    assert_same_queries(
        client, f"/admin/attestati/edizioni/{edition.pk}/", lambda: grow_edition(edition, 8)
    )


def test_the_admin_lists(client, closed_edition, grow_edition, training_manager):
    first = closed_edition(days=2)
    grow_edition(first, 2)
    client.login(email=training_manager.email, password=PASSWORD)

    def more():
        grow_edition(closed_edition(days=2), 3)
        grow_edition(closed_edition(days=2), 3)

    assert_same_queries(client, "/admin/attestati/elenco/", more)
    assert_same_queries(client, "/admin/attestati/", more)
