"""The reports' figures equal those worked out by hand on a small plan (see conftest.py)."""

import pytest

from courses.models import Enrolment
from reports.certificates import certificate_exists
from reports.selectors import (
    centre_staff,
    participation_by_centre,
    participation_by_cluster,
    programme_report,
    training_record,
)
from website.accounts.models import Cluster, EmploymentCentre

pytestmark = pytest.mark.django_db


def figures(item):
    f = item.figures
    share = None if f.average_share is None else round(f.average_share, 2)
    return (f.participant_count, f.attended_count, share, f.certificate_count)


def test_the_programme_report_per_course_and_in_total(plan):
    report = programme_report(plan["programme"])
    a, b = report.courses
    delivery = [
        (c.edition_count, c.day_count, c.min_day_hours, c.max_day_hours, c.classroom_hours)
        for c in (a, b)
    ]
    assert delivery == [(2, 5, 4, 5, 23), (2, 3, 5, 5, 15)]
    total = report.total
    assert (total.course_count, total.edition_count, total.day_count, total.classroom_hours) == (
        2,
        4,
        8,
        38,
    )
    # Without the certificates app nothing counts as a certificate.
    assert figures(a) == (5, 3, 42.67, 0)
    assert figures(b) == (4, 2, 46.67, 0)
    assert figures(total) == (6, 4, 44.17, 0)


def test_certificates_count_what_the_hook_says_is_issued(plan, present_means_certified):
    report = programme_report(plan["programme"])
    assert [c.figures.certificate_count for c in report.courses] == [2, 2]
    assert report.total.figures.certificate_count == 4


def test_the_certificate_expression_with_and_without_holders(plan, present_means_certified):
    places = Enrolment.objects.filter(status="approved").annotate(certified=certificate_exists())
    certified = {(e.user_id, e.edition.code) for e in places if e.certified}
    assert certified == {
        (plan["p1"].pk, "E1"),
        (plan["p4"].pk, "E2"),
        (plan["p1"].pk, "E3"),
        (plan["p6"].pk, "E3"),
    }


def test_no_hook_no_certificates(plan):
    places = Enrolment.objects.annotate(certified=certificate_exists())
    assert not any(place.certified for place in places)


def test_participation_by_cluster(plan, org, present_means_certified):
    rows, total = participation_by_cluster(Cluster.objects.all(), programme=plan["programme"])
    assert {row.name: figures(row) for row in rows} == {
        "Palermo Città": (3, 2, 40.83, 2),
        "Siracusa": (2, 1, 33.33, 1),
    }
    assert (total.participant_count, total.attended_count, round(total.average_share, 2)) == (
        5,
        3,
        37.62,
    )
    assert total.certificate_count == 3


def test_participation_by_centre(plan, org, present_means_certified):
    rows, total = participation_by_centre(EmploymentCentre.objects.all())
    assert {row.code: figures(row) for row in rows} == {
        "CPI-T-PA01": (2, 2, 54.44, 2),
        "CPI-T-PA02": (1, 0, 0.0, 0),
        "CPI-T-SR01": (2, 1, 33.33, 1),
        "CPI-T-SR02": (0, 0, None, 0),
    }
    assert total.participant_count == 5


def test_another_programme_is_left_out_when_one_is_asked_for(plan, make_edition, place, org):
    other = make_edition(starts_in=-5, days=1, status="closed")
    place(plan["p2"], other)
    rows, _total = participation_by_cluster(Cluster.objects.all(), programme=plan["programme"])
    assert figures(rows[0])[0] == 3
    rows, _total = participation_by_cluster(Cluster.objects.all())
    assert figures(rows[0])[2] == pytest.approx(round((163.333 + 0) / 5, 2), abs=0.01)


def test_a_centres_staff(plan, org, present_means_certified):
    people = centre_staff(org["pa1"])
    assert [
        (p.pk, p.figures.place_count, p.figures.attended_hours, p.figures.certificate_count)
        for p in people
    ] == [(plan["p1"].pk, 2, 20, 2), (plan["p2"].pk, 1, 2, 0)]


def test_a_persons_training_record(plan, present_means_certified):
    record = training_record(plan["p1"])
    assert [
        (p.edition.code, p.attendance.attended_hours, p.attendance.total_hours, p.has_certificate)
        for p in record
    ] == [("E3", 5, 10, True), ("E1", 15, 15, True)]
    assert [p.attendance.share for p in record] == [50, 100]
