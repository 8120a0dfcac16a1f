"""Who meets a course's rule: the threshold's boundaries, absences, two editions, further conditions."""

from datetime import UTC, date, timedelta
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.utils import timezone
from wagtail import hooks

from certificates import selectors, services
from certificates.hooks import CERTIFICATE_CONDITIONS
from certificates.models import Certificate, CertificateRule
from courses.models import Enrolment
from website.core.exceptions import Refused

pytestmark = pytest.mark.django_db


def holders(edition):
    return set(
        Certificate.objects.filter(edition=edition, status="valid").values_list(
            "user_id", flat=True
        )
    )


def test_exactly_at_the_threshold_gets_one_just_under_does_not(
    closed_edition, participant, attend, template, training_manager
):
    edition = closed_edition(days=3)  # 15 hours; 70% is 10.5
    at, under, over = participant(edition), participant(edition), participant(edition)
    attend(at, edition, [5, 5, 0.5])
    attend(under, edition, [5, 4.5, 0.5])  # 10 hours: 66.67%
    attend(over, edition, [5, 5, 5])
    services.certificates_issue_edition(edition=edition, by=training_manager, notify=False)
    assert holders(edition) == {at.pk, over.pk}
    certificate = Certificate.objects.get(user=at)
    assert (certificate.attended_hours, certificate.total_hours) == (Decimal("10.5"), 15)


def test_a_threshold_that_rounding_would_pass_is_not_reached(
    closed_edition, participant, attend, template, training_manager, course
):
    # 2/3 of the hours is 66.666…%, shown rounded as 66.67: a 66.67% threshold is not met.
    course.attendance_threshold = Decimal("66.67")
    course.save()
    edition = closed_edition(days=3)
    person = participant(edition)
    attend(person, edition, [5, 5, "absent"])
    (standing,) = selectors.edition_standings(edition)
    assert standing.attendance.share == Decimal("66.67")
    assert not standing.meets_attendance


def test_excused_absences_count_no_hours(
    closed_edition, participant, attend, template, training_manager
):
    edition = closed_edition(days=3)
    excused, present = participant(edition), participant(edition)
    attend(excused, edition, [5, 5, "excused"])
    attend(present, edition, [5, 5, 5])
    services.certificates_issue_edition(edition=edition, by=training_manager, notify=False)
    assert holders(edition) == {present.pk}
    standing = next(s for s in selectors.edition_standings(edition) if s.user == excused)
    assert standing.attendance.days_excused == 1
    assert not standing.meets_rule


def test_hours_in_two_editions_of_one_course_never_add_up(
    closed_edition, participant, attend, place, template, training_manager
):
    first, second = closed_edition(days=2), closed_edition(days=2)
    person = participant(first)
    attend(person, first, [5])  # 50% of the first, then moved to the second
    Enrolment.objects.filter(user=person, edition=first).update(status="withdrawn")
    place(person, second)
    attend(person, second, [5])  # 50% of the second
    services.certificates_issue_edition(edition=first, by=training_manager, notify=False)
    services.certificates_issue_edition(edition=second, by=training_manager, notify=False)
    assert not Certificate.objects.filter(user=person).exists()
    # The withdrawn place does not count as a participant of the first edition at all.
    assert [s.user for s in selectors.edition_standings(first)] == []


def test_one_certificate_per_course_even_after_moving_to_another_edition(
    closed_edition, participant, attend, place, template, training_manager
):
    first, second = closed_edition(days=2), closed_edition(days=2)
    person = participant(first)
    attend(person, first, [5, 5])
    services.certificates_issue_edition(edition=first, by=training_manager, notify=False)
    Enrolment.objects.filter(user=person, edition=first).update(status="withdrawn")
    place(person, second)
    attend(person, second, [5, 5])
    issued, skipped = services.certificates_issue_edition(
        edition=second, by=training_manager, notify=False
    )
    assert (issued, skipped) == (0, 0)
    assert Certificate.objects.filter(user=person).count() == 1
    (standing,) = selectors.edition_standings(second)
    assert standing.meets_rule and standing.certificate.edition == first
    with pytest.raises(Refused, match="ha già un attestato"):
        services.certificate_issue(edition=second, user=person, by=training_manager)


def test_an_edition_without_days_grants_nothing(
    make_edition, close_register, participant, template, training_manager
):
    edition = close_register(make_edition(days=0, starts_in=-10))
    participant(edition)
    assert services.certificates_issue_edition(edition=edition, by=training_manager) == (0, 0)


def test_nothing_is_issued_before_the_register_is_closed(
    make_edition, participant, attend, template, training_manager
):
    edition = make_edition(days=2, starts_in=-10)
    attend(participant(edition), edition, [5, 5])
    with pytest.raises(Refused, match="non è ancora chiuso"):
        services.certificates_issue_edition(edition=edition, by=training_manager)
    with pytest.raises(Refused, match="non è ancora chiuso"):
        services.issue_run_start(edition=edition, by=training_manager)
    assert not Certificate.objects.exists()


def test_no_template_no_certificates(closed_edition, participant, attend, training_manager):
    edition = closed_edition(days=2)
    attend(participant(edition), edition, [5, 5])
    with pytest.raises(Refused, match="Manca un modello"):
        services.certificates_issue_edition(edition=edition, by=training_manager)


def test_further_conditions_from_other_apps_must_all_be_met(
    closed_edition, participant, attend, template, training_manager, course
):
    edition = closed_edition(days=2)
    quiz_passed, quiz_failed = participant(edition), participant(edition)
    for person in (quiz_passed, quiz_failed):
        attend(person, edition, [5, 5])
    asked = []

    def quiz():
        def users_meeting(edition_asked, user_ids):
            asked.append((edition_asked, sorted(user_ids)))
            return {quiz_passed.pk}

        return SimpleNamespace(
            key="quiz-finale", label="Test finale superato", users_meeting=users_meeting
        )

    CertificateRule.objects.create(course=course, conditions=["quiz-finale"])
    with hooks.register_temporarily(CERTIFICATE_CONDITIONS, quiz):
        standings = {s.user: s for s in selectors.edition_standings(edition)}
        assert standings[quiz_failed].missing_conditions == ("Test finale superato",)
        services.certificates_issue_edition(edition=edition, by=training_manager, notify=False)
    assert holders(edition) == {quiz_passed.pk}
    # One question per edition, not one per person.
    assert asked == [(edition, sorted([quiz_passed.pk, quiz_failed.pk]))] * 2
    assert Certificate.objects.get().snapshot["conditions"] == ["Test finale superato"]


def test_a_condition_no_app_provides_any_more_is_met_by_nobody(
    closed_edition, participant, attend, template, training_manager, course
):
    edition = closed_edition(days=2)
    attend(participant(edition), edition, [5, 5])
    CertificateRule.objects.create(course=course, conditions=["questionario-ritirato"])
    assert services.certificates_issue_edition(edition=edition, by=training_manager) == (0, 0)


def test_a_validity_period_gives_an_expiry_date(
    closed_edition, participant, attend, template, training_manager, course
):
    CertificateRule.objects.create(course=course, validity_months=24)
    edition = closed_edition(days=2)
    attend(participant(edition), edition, [5, 5])
    # Half past eleven in the evening, UTC, is already the next day in Italy:
    # the validity runs from the Italian date, the one printed on the certificate.
    late_evening = (timezone.now() - timedelta(days=1)).astimezone(UTC).replace(hour=23, minute=30)
    services.certificates_issue_edition(
        edition=edition, by=training_manager, notify=False, issued_at=late_evening
    )
    certificate = Certificate.objects.get()
    italian_day = late_evening.date() + timedelta(days=1)
    assert timezone.localdate(certificate.issued_at) == italian_day
    assert certificate.expires_on == services.add_months(italian_day, 24)
    assert certificate.snapshot["expires_on"] == certificate.expires_on.isoformat()


@pytest.mark.parametrize(
    "day, months, expected",
    [
        (date(2026, 1, 31), 1, date(2026, 2, 28)),
        (date(2024, 1, 31), 1, date(2024, 2, 29)),
        (date(2026, 11, 15), 3, date(2027, 2, 15)),
        (date(2026, 6, 12), 36, date(2029, 6, 12)),
    ],
)
def test_months_are_added_calendar_wise(day, months, expected):
    assert services.add_months(day, months) == expected


def test_a_course_without_a_rule_row_has_the_defaults(course):
    rule = selectors.rule_for(course)
    assert rule.pk is None and rule.conditions == [] and rule.validity_months is None
