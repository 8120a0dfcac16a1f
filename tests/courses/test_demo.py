"""The demo plan has exactly the shape of the regional plan's report."""

from datetime import date

from django.db.models import Count, Sum
from django.utils import timezone

from courses.models import Edition, Enrolment, Programme, Session
from demo.attendance import PILOT_CODE
from demo.courses import FINISHED_SLUG, UPCOMING_SLUG
from website.accounts.models import EmploymentCentre


def test_the_finished_plan_reproduces_the_report(demo_db):
    plan = Programme.objects.get(slug=FINISHED_SLUG)
    shape = {
        course.code: (
            course.editions.count(),
            Session.objects.filter(edition__course=course).count(),
            Session.objects.filter(edition__course=course).aggregate(h=Sum("hours"))["h"],
        )
        for course in plan.courses.all()
    }
    assert shape == {"UD1": (6, 18, 90), "UD2": (6, 12, 60), "UD3": (4, 8, 40), "UD4": (4, 8, 40)}
    assert not Session.objects.filter(edition__course__programme=plan).exclude(hours=5).exists()
    editions = Edition.objects.filter(course__programme=plan)
    assert editions.values("cluster").distinct().count() == 12
    assert not editions.exclude(status=Edition.Status.CLOSED).exists()
    assert editions.order_by("starts_on").first().starts_on >= date(2025, 9, 1)
    assert editions.order_by("-ends_on").first().ends_on <= date(2026, 6, 30)
    places = Enrolment.objects.filter(course__programme=plan, status=Enrolment.Status.APPROVED)
    assert places.count() == 593
    assert places.values("user").distinct().count() == 593
    assert places.values("user__centre").distinct().count() == EmploymentCentre.objects.count()
    assert all(e.capacity >= e.n for e in editions.annotate(n=Count("enrolments")))


def test_demo_people_have_their_places(demo_db):
    operator_places = Enrolment.objects.filter(user__email="operatore@aula.example")
    statuses = {e.edition.course.programme.slug: e.status for e in operator_places}
    assert statuses == {FINISHED_SLUG: "approved", UPCOMING_SLUG: "approved"}
    taught = Edition.objects.filter(teachers__email="docente@aula.example")
    assert taught.count() >= 3
    assert taught.filter(course__programme__slug=UPCOMING_SLUG).exists()


def test_the_upcoming_plan_is_open_for_enrolment(demo_db):
    # The attendance demo adds a pilot edition already under way; the plan's own are ahead.
    upcoming = Edition.objects.filter(course__programme__slug=UPCOMING_SLUG).exclude(
        code=PILOT_CODE
    )
    assert upcoming.open_for_enrolment().count() == upcoming.count() >= 3
    assert upcoming.order_by("starts_on").first().starts_on > timezone.localdate()
    assert Enrolment.objects.filter(
        edition__in=upcoming, status=Enrolment.Status.REQUESTED
    ).exists()
    assert Enrolment.objects.filter(
        edition__in=upcoming, status=Enrolment.Status.WAITLISTED
    ).exists()
