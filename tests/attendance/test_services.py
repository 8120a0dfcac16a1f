"""Marking, correcting, closing and reopening a register; every change in the history."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from attendance import services
from attendance.models import (
    AttendanceChange,
    AttendanceRecord,
    AttendanceStatus,
    MarkSource,
    RegisterEvent,
)
from attendance.selectors import edition_attendance, register_is_closed
from attendance.services import Mark
from courses.models import Edition, Enrolment
from website.accounts.roles import Role
from website.core.exceptions import Refused

pytestmark = pytest.mark.django_db

P, LATE, LEFT, EXC, ABS = (
    AttendanceStatus.PRESENT,
    AttendanceStatus.LATE,
    AttendanceStatus.LEFT_EARLY,
    AttendanceStatus.EXCUSED,
    AttendanceStatus.ABSENT,
)


def test_a_teacher_marks_one_day_and_hours_follow_the_status(running, teacher):
    day = running["today"]
    amato, bruno, caruso = running["people"]
    changed = services.day_mark(
        session=day,
        marks=[
            Mark(amato.pk, P, Decimal("2")),  # hours of a present person are the whole day
            Mark(bruno.pk, LATE, Decimal("3.5")),
            Mark(caruso.pk, EXC, Decimal("4")),  # and of an absence none
        ],
        by=teacher,
    )
    assert changed == 3
    marks = {
        r.user_id: (r.status, r.hours, r.updated_by_id) for r in AttendanceRecord.objects.all()
    }
    assert marks == {
        amato.pk: (P, Decimal("5"), teacher.pk),
        bruno.pk: (LATE, Decimal("3.5"), teacher.pk),
        caruso.pk: (EXC, Decimal("0"), teacher.pk),
    }
    history = AttendanceChange.objects.order_by("pk")
    assert [(c.participant_id, c.previous_status, c.status, c.changed_by_id) for c in history] == [
        (amato.pk, "", P, teacher.pk),
        (bruno.pk, "", LATE, teacher.pk),
        (caruso.pk, "", EXC, teacher.pk),
    ]


def test_a_correction_keeps_from_what_to_what_and_an_unchanged_mark_adds_nothing(running, teacher):
    day, person = running["today"], running["people"][0]
    services.record_mark(session=day, participant=person, status=P, by=teacher)
    services.record_mark(session=day, participant=person, status=P, by=teacher)
    assert AttendanceChange.objects.count() == 1
    record = services.record_mark(
        session=day, participant=person, status=LEFT, hours="2.5", by=teacher
    )
    assert (record.status, record.hours) == (LEFT, Decimal("2.5"))
    latest = AttendanceChange.objects.order_by("-pk").first()
    assert (latest.previous_status, latest.previous_hours, latest.status, latest.hours) == (
        P,
        Decimal("5"),
        LEFT,
        Decimal("2.5"),
    )
    assert AttendanceRecord.objects.count() == 1


@pytest.mark.parametrize(
    "status, hours, message",
    [
        (LATE, None, "Indica le ore"),
        (LEFT, "", "Indica le ore"),
        (LATE, "0", "più di zero"),
        (LATE, "5.5", "non più delle 5"),
        (LATE, "-1", "più di zero"),
        (LEFT, "2.25", "al più un decimale"),
        (LATE, "tre", "come numero"),
        (LATE, "NaN", "al più un decimale"),
        ("asleep", None, "Scegli uno stato"),
    ],
)
def test_bad_marks_are_refused_and_change_nothing(running, teacher, status, hours, message):
    amato, bruno = running["people"][:2]
    with pytest.raises(Refused, match=message):
        services.day_mark(
            session=running["today"],
            marks=[Mark(amato.pk, P), Mark(bruno.pk, status, hours)],
            by=teacher,
        )
    assert not AttendanceRecord.objects.exists()
    assert not AttendanceChange.objects.exists()


def test_only_confirmed_participants_are_marked(running, teacher, make_user, place):
    waiting = make_user()
    place(waiting, running["edition"], status=Enrolment.Status.WAITLISTED)
    stranger = make_user()
    for person in (waiting, stranger):
        with pytest.raises(Refused, match="posto confermato"):
            services.record_mark(session=running["today"], participant=person, status=P, by=teacher)
    with pytest.raises(Refused, match="posto confermato"):
        services.day_mark(
            session=running["today"],
            marks=[Mark(running["people"][0].pk, P), Mark(running["people"][0].pk, ABS)],
            by=teacher,
        )
    assert not AttendanceRecord.objects.exists()


def test_a_day_is_marked_from_the_day_itself(make_edition, teacher, make_user, place):
    edition = make_edition(starts_in=1, days=1)
    edition.teachers.add(teacher)
    person = make_user()
    place(person, edition)
    with pytest.raises(Refused, match="non si è ancora svolta"):
        services.record_mark(
            session=edition.sessions.get(), participant=person, status=P, by=teacher
        )
    tomorrow = timezone.now() + timedelta(days=1, hours=1)
    record = services.record_mark(
        session=edition.sessions.get(), participant=person, status=P, by=teacher, now=tomorrow
    )
    assert record.status == P


def test_a_teacher_cannot_mark_another_edition_nor_an_operator_anyone(
    running, make_user, operator, place
):
    other_teacher = make_user(role=Role.TEACHER)
    place(operator, running["edition"])
    for person in (other_teacher, operator):
        with pytest.raises(Refused, match="Non puoi segnare"):
            services.record_mark(
                session=running["today"], participant=operator, status=P, by=person
            )
        with pytest.raises(Refused):
            services.day_mark_all_present(session=running["today"], by=person)
    assert not AttendanceRecord.objects.exists()


def test_cancelled_and_draft_editions_have_no_register(running, teacher, training_manager):
    edition = running["edition"]
    for status in (Edition.Status.CANCELLED, Edition.Status.DRAFT):
        Edition.objects.filter(pk=edition.pk).update(status=status)
        for person in (teacher, training_manager):
            with pytest.raises(Refused):
                services.record_mark(
                    session=running["today"],
                    participant=running["people"][0],
                    status=P,
                    by=person,
                )


def test_all_present_marks_only_whoever_is_not_marked_yet(running, teacher):
    day = running["today"]
    amato, bruno, caruso = running["people"]
    services.record_mark(session=day, participant=bruno, status=ABS, by=teacher)
    assert services.day_mark_all_present(session=day, by=teacher) == 2
    statuses = dict(AttendanceRecord.objects.values_list("user_id", "status"))
    assert statuses == {amato.pk: P, bruno.pk: ABS, caruso.pk: P}
    assert services.day_mark_all_present(session=day, by=teacher) == 0
    assert AttendanceChange.objects.count() == 3


def fill(running, by, status=P):
    for day in running["days"]:
        services.day_mark(session=day, marks=[Mark(p.pk, status) for p in running["people"]], by=by)


def test_closing_needs_a_complete_register_of_days_already_held(
    running, teacher, training_manager, make_edition
):
    edition = running["edition"]
    with pytest.raises(Refused, match="Mancano 9 presenze"):
        services.register_close(edition=edition, by=training_manager)
    fill(running, teacher)
    with pytest.raises(Refused, match="Solo il servizio formazione"):
        services.register_close(edition=edition, by=teacher)
    services.register_close(edition=edition, by=training_manager, reason="Verificato")
    assert register_is_closed(edition)
    with pytest.raises(Refused, match="già chiuso"):
        services.register_close(edition=edition, by=training_manager)
    future = make_edition(starts_in=-1, days=3)
    with pytest.raises(Refused, match="ancora giornate"):
        services.register_close(edition=future, by=training_manager)
    event = RegisterEvent.objects.get()
    assert (event.action, event.by, event.reason) == ("closed", training_manager, "Verificato")


def test_a_closed_register_changes_only_by_a_training_manager_with_a_reason(
    running, teacher, training_manager
):
    fill(running, teacher)
    services.register_close(edition=running["edition"], by=training_manager)
    day, person = running["today"], running["people"][0]
    with pytest.raises(Refused, match="è chiuso"):
        services.record_mark(session=day, participant=person, status=ABS, by=teacher)
    with pytest.raises(Refused, match="indica il motivo"):
        services.record_mark(session=day, participant=person, status=ABS, by=training_manager)
    with pytest.raises(Refused, match="indica il motivo"):
        services.day_mark_all_present(session=day, by=training_manager)
    services.record_mark(
        session=day,
        participant=person,
        status=EXC,
        by=training_manager,
        reason="Certificato medico consegnato",
    )
    change = AttendanceChange.objects.order_by("-pk").first()
    assert (change.changed_by, change.previous_status, change.status, change.reason) == (
        training_manager,
        P,
        EXC,
        "Certificato medico consegnato",
    )


def test_reopening_needs_a_reason_and_gives_the_register_back_to_its_teachers(
    running, teacher, training_manager
):
    fill(running, teacher)
    edition = running["edition"]
    with pytest.raises(Refused, match="è aperto"):
        services.register_reopen(edition=edition, by=training_manager, reason="x")
    services.register_close(edition=edition, by=training_manager)
    with pytest.raises(Refused, match="Solo il servizio formazione"):
        services.register_reopen(edition=edition, by=teacher, reason="Errore")
    with pytest.raises(Refused, match="motivo della riapertura"):
        services.register_reopen(edition=edition, by=training_manager, reason="  ")
    assert register_is_closed(edition)
    services.register_reopen(edition=edition, by=training_manager, reason="Ore da correggere")
    assert not register_is_closed(edition)
    services.record_mark(
        session=running["today"], participant=running["people"][0], status=ABS, by=teacher
    )
    assert list(RegisterEvent.objects.order_by("pk").values_list("action", "reason")) == [
        ("closed", ""),
        ("reopened", "Ore da correggere"),
    ]


def test_totals_follow_the_marks(running, teacher):
    amato, bruno, caruso = running["people"]
    days = running["days"]
    services.day_mark(
        session=days[0],
        marks=[Mark(amato.pk, P), Mark(bruno.pk, LATE, "4"), Mark(caruso.pk, ABS)],
        by=teacher,
    )
    services.day_mark(session=days[1], marks=[Mark(amato.pk, P), Mark(bruno.pk, P)], by=teacher)
    totals = edition_attendance(running["edition"])
    assert totals[amato.pk].attended_hours == Decimal("10")
    assert totals[bruno.pk].attended_hours == Decimal("9")
    assert totals[caruso.pk].attended_hours == Decimal("0")
    assert totals[amato.pk].share == Decimal("66.67")


def test_marks_written_by_the_register_say_so(running, teacher):
    record = services.record_mark(
        session=running["today"], participant=running["people"][0], status=P, by=teacher
    )
    assert record.source == MarkSource.REGISTER
