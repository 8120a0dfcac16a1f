"""The demo plan ends with exactly the 316 certificates its report states."""

from attendance.selectors import edition_attendance
from certificates.models import Certificate
from courses.models import Edition
from demo.courses import FINISHED_SLUG


def test_the_finished_plan_ends_with_316_certificates(demo_db):
    certificates = Certificate.objects.filter(edition__course__programme__slug=FINISHED_SLUG)
    assert certificates.count() == 316
    assert certificates.filter(status=Certificate.Status.VALID).count() == 316
    assert certificates.values("user").distinct().count() == 316
    # Exactly those who reached their course's threshold, edition by edition.
    for edition in Edition.objects.filter(course__programme__slug=FINISHED_SLUG):
        reached = {
            user_id
            for user_id, attendance in edition_attendance(edition).items()
            if attendance.attended_hours * 100
            >= edition.course.attendance_threshold * attendance.total_hours
        }
        holders = set(certificates.filter(edition=edition).values_list("user_id", flat=True))
        assert holders == reached, edition.code


def test_the_demo_operator_has_a_certificate(demo_db):
    # That seeding again issues nothing is checked with the rest of the demo's
    # idempotency, in tests/foundation/test_seed_demo.py.
    mine = Certificate.objects.get(user__email="operatore@aula.example")
    assert mine.pdf.read().startswith(b"%PDF")
    assert mine.issued_at.date() > mine.edition.ends_on
