"""The yearly record's pages make as many queries for many people and lines as for a few."""

import itertools
from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from records.models import ExternalTraining
from records.wagtail_hooks import records_dashboard_panel
from tests.records import conftest as records_fixtures
from website.accounts.relations import managed_centre_list
from website.core.memo import RequestMemoMiddleware

from .helpers import PAGE_CEILING, assert_same_queries

pytestmark = pytest.mark.django_db
_media_in_tmp = records_fixtures._media_in_tmp
attended = records_fixtures.attended
dated_edition = records_fixtures.dated_edition
external = records_fixtures.external
event_page = records_fixtures.event_page
confirmed_event = records_fixtures.confirmed_event
_numbers = itertools.count(1)
YEAR = date.today().year
RECORD_PAGE = PAGE_CEILING  # one's own record


@pytest.fixture
def lines_for(dated_edition, attended, external, confirmed_event):
    """lines_for(person, n) → n more lines of every kind in the current year."""

    def grow(person, count):
        for _ in range(count):
            number = next(_numbers)
            day = date(YEAR, 1 + number % 6, 1 + number % 27)
            attended(person, dated_edition([day]))
            external(person, day, hours="2", title=f"Esterno {number}")
            external(person, day, status=ExternalTraining.Status.PENDING)
            confirmed_event(person, day, hours="1")

    return grow


def test_the_persons_record_page(client, operator, lines_for):
    client.force_login(operator)
    url = reverse("reports:training_record", args=[operator.pk]) + f"?anno={YEAR}"
    lines_for(operator, 1)
    _queries, response = assert_same_queries(
        client, url, lambda: lines_for(operator, 4), at_most=RECORD_PAGE, writes_nothing=True
    )
    assert "Esterno" in response.content.decode()


@pytest.mark.parametrize("viewer", ["training_manager", "centre_manager"])
def test_a_persons_record_seen_by_a_manager(client, request, operator, lines_for, viewer):
    """Every source of hours and the pending declarations in one query; the user bar's
    profile once (it is joined to the signed-in person)."""
    client.force_login(request.getfixturevalue(viewer))
    url = reverse("reports:training_record", args=[operator.pk]) + f"?anno={YEAR}"
    lines_for(operator, 1)
    _queries, response = assert_same_queries(
        client, url, lambda: lines_for(operator, 4), writes_nothing=True
    )
    assert "Esterno" in response.content.decode()


def test_the_dashboard(client, operator, lines_for):
    client.force_login(operator)
    lines_for(operator, 1)
    assert_same_queries(client, reverse("courses:dashboard"), lambda: lines_for(operator, 3))


DASHBOARD_PANEL = 2  # every source and the pending declarations; the editions to suggest


def test_the_dashboard_panel_alone(rf, operator, lines_for):
    """The records panel's own queries, as the dashboard renders it (in a request, after
    the dashboard has read the person's centres, with the year's targets in the cache)."""

    def panel_queries():
        request = rf.get("/")
        request.user = operator

        def dashboard(request):
            managed_centre_list(operator)
            with CaptureQueriesContext(connection) as captured:
                html = records_dashboard_panel(request)
            return captured, html

        return RequestMemoMiddleware(dashboard)(request)

    lines_for(operator, 1)
    panel_queries()  # the year's targets into the cache (new events move its generation)
    before, _html = panel_queries()
    lines_for(operator, 3)
    panel_queries()
    after, html = panel_queries()
    listing = [query["sql"][:200] for query in after]
    assert len(before) == len(after) <= DASHBOARD_PANEL, listing
    assert "in attesa di approvazione" in html


def test_the_centre_view_with_fifty_staff(client, centre_manager, make_user, org, external):
    def staff(count):
        for _ in range(count):
            person = make_user(centre=org["pa1"])
            external(person, date(YEAR, 2, 3), hours="7")
            external(person, date(YEAR, 2, 4), status=ExternalTraining.Status.PENDING)

    staff(5)
    client.force_login(centre_manager)
    url = reverse("records:centre", args=[org["pa1"].code, YEAR])
    # At most PAGE_CEILING (or the view's pinned count in helpers.ABOVE_CEILING).
    _queries, response = assert_same_queries(client, url, lambda: staff(45))
    assert response.content.decode().count("<tr>") >= 50
    assert_same_queries(
        client, reverse("records:centre_xlsx", args=[org["pa1"].code, YEAR]), lambda: staff(2)
    )


def test_the_region_view(client, training_manager, make_user, org, external):
    def staff(count):
        for centre in ("pa1", "pa2", "sr1", "sr2"):
            for _ in range(count):
                person = make_user(centre=org[centre])
                external(person, date(YEAR, 3, 3), hours=str(Decimal("40")))

    staff(1)
    client.force_login(training_manager)
    url = reverse("records:overview", args=[YEAR])
    assert_same_queries(client, url, lambda: staff(5))


def test_every_source_is_read_in_one_query(operator, lines_for, course, django_assert_num_queries):
    """Classroom, events, external training, online activities (and who used a package) and
    the pending declarations: one UNION ALL, whatever the sources hold."""
    from datetime import datetime

    from django.utils import timezone

    from learning.models import Activity, ActivityCompletion, Section
    from records.sources import all_lines

    section = Section.objects.create(course=course, title="Online", sort_order=0)
    read = Activity(
        section=section,
        sort_order=0,
        title="Leggi la norma",
        kind="link",
        url="https://www.normattiva.it/",
        duration_minutes=45,
        completion="viewed",
    )
    read.full_clean()
    read.save()
    ActivityCompletion.objects.create(
        user=operator,
        activity=read,
        state="viewed",
        completed_at=datetime(YEAR, 3, 2, 10, tzinfo=timezone.get_default_timezone()),
    )
    lines_for(operator, 2)
    with django_assert_num_queries(1):
        lines = all_lines([operator.pk], YEAR)
    assert sorted({line.kind for line in lines}) == ["classroom", "event", "external", "online"]
