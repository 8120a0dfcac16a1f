"""Days of an edition: holidays, runs of working days, and the checks every day passes."""

from datetime import date, time, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from courses import services
from courses.models import Edition, Enrolment, Session
from courses.scheduling import (
    PlannedDay,
    Recurrence,
    easter_sunday,
    italian_public_holidays,
    run_of_dates,
    schedule_problems,
)


@pytest.mark.parametrize(
    ("year", "easter"),
    [(2024, date(2024, 3, 31)), (2025, date(2025, 4, 20)), (2026, date(2026, 4, 5))],
)
def test_easter(year, easter):
    assert easter_sunday(year) == easter


def test_national_holidays_include_easter_monday_and_the_fixed_dates():
    holidays = italian_public_holidays(2026)
    assert date(2026, 4, 6) in holidays  # Easter Monday
    assert {date(2026, 4, 25), date(2026, 6, 2), date(2026, 12, 8)} <= holidays
    assert date(2026, 4, 7) not in holidays


def test_a_run_of_working_days_skips_weekends_and_holidays():
    # Thursday 30 April 2026, then Friday 1 May (holiday), the weekend, Monday 4 May.
    assert run_of_dates(date(2026, 4, 30), 3, Recurrence.WORKING_DAYS) == [
        date(2026, 4, 30),
        date(2026, 5, 4),
        date(2026, 5, 5),
    ]
    # Starting on a Saturday begins on the Monday.
    assert run_of_dates(date(2026, 11, 21), 1, Recurrence.WORKING_DAYS) == [date(2026, 11, 23)]


def test_a_weekly_run_skips_a_week_that_falls_on_a_holiday():
    # Tuesdays from 1 December 2026: the 8th is the Immaculate Conception.
    assert run_of_dates(date(2026, 12, 1), 3, Recurrence.WEEKLY) == [
        date(2026, 12, 1),
        date(2026, 12, 15),
        date(2026, 12, 22),
    ]


def day(on, start, end):
    return PlannedDay(on, time(start), time(end))


def test_schedule_problems_name_each_wrong_day():
    start, end = date(2026, 3, 2), date(2026, 3, 6)
    problems = schedule_problems(
        starts_on=start,
        ends_on=end,
        days=[
            day(date(2026, 3, 2), 9, 14),
            day(date(2026, 3, 9), 9, 14),  # outside the period
            day(date(2026, 3, 3), 14, 9),  # ends before it starts
            day(date(2026, 3, 2), 13, 17),  # overlaps the first
            day(date(2026, 3, 5), 9, 14),
            day(date(2026, 3, 5), 14, 17),  # right after the one before: fine
        ],
    )
    found = sorted((p.index, p.field) for p in problems)
    assert found == [(1, "date"), (2, "ends_at"), (3, "starts_at")]
    messages = " ".join(p.message for p in problems)
    assert "fuori dal periodo" in messages
    assert "sovrappone" in messages


def test_edition_capacity_cannot_drop_below_confirmed_places(edition, make_user, place):
    for _ in range(3):
        place(make_user(), edition)
    place(make_user(), edition, Enrolment.Status.WAITLISTED)
    edition.capacity = 2
    with pytest.raises(ValidationError) as error:
        edition.full_clean()
    assert "3 iscrizioni confermate" in str(error.value.message_dict["capacity"])
    edition.capacity = 3
    edition.full_clean()


def test_edition_needs_at_least_one_place_and_an_ordered_period(edition):
    edition.capacity = 0
    edition.ends_on = edition.starts_on - timedelta(days=1)
    with pytest.raises(ValidationError) as error:
        edition.full_clean()
    text = str(error.value)
    assert "almeno un posto" in text
    assert "non può precedere l'inizio" in text


@pytest.mark.parametrize(
    ("hours", "message"),
    [
        (Decimal("0"), "almeno mezz'ora"),
        (Decimal("-2"), "almeno mezz'ora"),
        (Decimal("13"), "12 ore"),
    ],
)
def test_session_hours_must_be_positive_and_plausible(edition, hours, message):
    session = Session(
        edition=edition, date=edition.starts_on, starts_at=time(9), ends_at=time(14), hours=hours
    )
    with pytest.raises(ValidationError, match=message):
        session.full_clean()


def test_session_end_before_start_is_refused(edition):
    session = Session(
        edition=edition,
        date=edition.starts_on,
        starts_at=time(14),
        ends_at=time(9),
        hours=Decimal("5"),
    )
    with pytest.raises(ValidationError, match="L'ora di fine deve seguire"):
        session.full_clean()


class TestRunOfSessions:
    def test_adds_the_days_in_one_step(self, make_edition):
        edition = make_edition(days=0)
        edition.starts_on = date(2027, 3, 1)
        edition.ends_on = date(2027, 3, 31)
        edition.save()
        sessions = services.sessions_add_run(
            edition=edition,
            first_date=date(2027, 3, 4),
            count=3,
            recurrence=Recurrence.WORKING_DAYS,
            starts_at=time(9),
            ends_at=time(14),
            hours=Decimal("5"),
        )
        assert [s.date for s in sessions] == [date(2027, 3, 4), date(2027, 3, 5), date(2027, 3, 8)]
        assert edition.sessions.count() == 3

    def test_refuses_the_whole_run_if_one_day_is_wrong(self, make_edition):
        edition = make_edition(days=0)
        edition.starts_on = date(2027, 3, 1)
        edition.ends_on = date(2027, 3, 5)
        edition.save()
        Session.objects.create(
            edition=edition,
            date=date(2027, 3, 1),
            starts_at=time(9),
            ends_at=time(14),
            hours=Decimal("5"),
        )
        with pytest.raises(ValidationError) as error:
            services.sessions_add_run(
                edition=edition,
                first_date=date(2027, 3, 1),
                count=6,
                recurrence=Recurrence.WORKING_DAYS,
                starts_at=time(13),
                ends_at=time(17),
                hours=Decimal("4"),
            )
        text = " ".join(error.value.messages)
        assert "sovrappone" in text
        assert "fuori dal periodo" in text
        assert edition.sessions.count() == 1

    @pytest.fixture
    def working_week(self, make_edition):
        """An edition from Monday 1 to Friday 5 March 2027, with no days yet.

        Dates relative to today would sometimes start on a holiday, and a run
        of working days would then move past the edition's end.
        """
        edition = make_edition(days=0)
        edition.starts_on, edition.ends_on = date(2027, 3, 1), date(2027, 3, 5)
        edition.save()
        return edition

    def test_refuses_zero_hours(self, working_week):
        with pytest.raises(ValidationError, match="mezz'ora") as error:
            services.sessions_add_run(
                edition=working_week,
                first_date=working_week.starts_on,
                count=1,
                recurrence=Recurrence.WORKING_DAYS,
                starts_at=time(15),
                ends_at=time(17),
                hours=Decimal("0"),
            )
        assert error.value.messages == ["Le ore della giornata devono essere almeno mezz'ora."]
        assert not working_week.sessions.exists()

    def test_gives_every_reason_at_once(self, working_week):
        with pytest.raises(ValidationError) as error:
            services.sessions_add_run(
                edition=working_week,
                first_date=date(2027, 3, 4),
                count=3,  # Thursday, Friday and Monday 8 March, after the end
                recurrence=Recurrence.WORKING_DAYS,
                starts_at=time(9),
                ends_at=time(14),
                hours=Decimal("13"),
            )
        text = " ".join(error.value.messages)
        assert "08/03/2027 è fuori dal periodo" in text
        assert "non può superare le 12 ore" in text
        assert not working_week.sessions.exists()


def test_editions_count_places_without_extra_rows(make_edition, make_user, place, teacher):
    edition = make_edition(capacity=5)
    edition.teachers.add(teacher, make_user())
    place(make_user(), edition)
    place(make_user(), edition)
    place(make_user(), edition, Enrolment.Status.WAITLISTED)
    annotated = Edition.objects.with_place_counts().get(pk=edition.pk)
    assert (annotated.approved_count, annotated.waitlisted_count) == (2, 1)
    assert annotated.seats_left == 3
