"""What funders audit outlives its day, edition, course and people.

A marked day, its edition, course and plan, and the people in its register
cannot be deleted, neither through the ORM nor through the admin (which
explains instead of failing); a day that was not held is cancelled instead,
keeps everything and counts no hours. On PostgreSQL the database itself
refuses to edit or delete the register's history, whoever connects.
"""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import ProtectedError
from django.urls import reverse

from attendance import selectors, services
from attendance.models import AttendanceChange, AttendanceRecord, RegisterEvent
from courses.calendars import sessions_calendar
from courses.models import Course, Edition, Programme, Session
from courses.selectors import upcoming_sessions_for
from courses.services import session_cancel
from reports.selectors import place_totals
from tests.courses.test_admin import edition_form
from website.accounts.models import User
from website.core.exceptions import Refused
from website.core.models import AppendOnlyError

pytestmark = pytest.mark.django_db


@pytest.fixture
def marked(running, teacher, training_manager):
    """The running edition with every day marked, a correction, a closing and a reopening."""
    first, second, _today = running["days"]
    for day in (first, second):
        services.day_mark_all_present(session=day, by=teacher)
    services.record_mark(
        session=second, participant=running["people"][0], status="absent", by=teacher
    )
    services.day_mark_all_present(session=running["today"], by=teacher)
    services.register_close(edition=running["edition"], by=training_manager)
    services.register_reopen(edition=running["edition"], by=training_manager, reason="Correzione")
    return running


def kept(edition):
    """Everything the register holds for the edition, by primary key."""
    return {
        "days": set(Session.objects.filter(edition=edition).values_list("pk", flat=True)),
        "records": set(
            AttendanceRecord.objects.filter(session__edition=edition).values_list(
                "pk", "status", "hours"
            )
        ),
        "changes": set(
            AttendanceChange.objects.filter(session__edition=edition).values_list("pk", flat=True)
        ),
        "events": set(RegisterEvent.objects.filter(edition=edition).values_list("pk", flat=True)),
    }


def test_the_fixture_has_history_to_lose(marked):
    held = kept(marked["edition"])
    assert len(held["days"]) == 3 and len(held["records"]) == 9
    assert len(held["changes"]) == 10 and len(held["events"]) == 2


# --- The ORM --------------------------------------------------------------------------------


def test_deleting_a_marked_day_through_the_orm_keeps_everything(marked):
    edition, day = marked["edition"], marked["days"][0]
    before = kept(edition)
    with pytest.raises(ProtectedError):
        day.delete()
    with pytest.raises(ProtectedError):
        Session.objects.filter(pk=day.pk).delete()
    with pytest.raises(ProtectedError):
        edition.sessions.all().delete()
    assert kept(edition) == before


def test_deleting_the_edition_course_or_plan_through_the_orm_keeps_everything(marked):
    edition = marked["edition"]
    before = kept(edition)
    for delete in (
        edition.delete,
        Edition.objects.filter(pk=edition.pk).delete,
        edition.course.delete,
        Course.objects.filter(pk=edition.course_id).delete,
        edition.course.programme.delete,
        Programme.objects.all().delete,
    ):
        with pytest.raises(ProtectedError):
            delete()
    assert Edition.objects.filter(pk=edition.pk).exists()
    assert kept(edition) == before


def test_the_register_events_alone_protect_an_edition(make_edition, training_manager):
    edition = make_edition(days=0)
    RegisterEvent.objects.create(
        edition=edition, action=RegisterEvent.Action.CLOSED, by=training_manager
    )
    with pytest.raises(ProtectedError):
        edition.delete()
    assert RegisterEvent.objects.filter(edition=edition).count() == 1


def test_deleting_a_person_of_the_register_keeps_everything(marked, teacher, training_manager):
    edition = marked["edition"]
    before = kept(edition)
    for person in (marked["people"][0], teacher, training_manager):
        with pytest.raises(ProtectedError):
            person.delete()
    with pytest.raises(ProtectedError):
        User.objects.filter(pk=marked["people"][1].pk).delete()
    assert kept(edition) == before


def test_the_register_history_cannot_be_edited_or_deleted_in_bulk(marked):
    changes = AttendanceChange.objects.filter(session__edition=marked["edition"])
    events = RegisterEvent.objects.filter(edition=marked["edition"])
    before = kept(marked["edition"])
    for rows in (changes, events):
        with pytest.raises(AppendOnlyError):
            rows.delete()
        with pytest.raises(AppendOnlyError):
            rows.update(reason="riscritta")
    with pytest.raises(AppendOnlyError):
        events.first().delete()
    assert kept(marked["edition"]) == before
    assert not AttendanceChange.objects.filter(reason="riscritta").exists()


def test_a_day_and_an_edition_without_history_can_still_be_deleted(make_edition):
    edition = make_edition(days=3)
    edition.sessions.first().delete()
    assert edition.sessions.count() == 2
    edition.delete()
    assert not Session.objects.filter(edition_id=edition.pk).exists()


# --- The admin ------------------------------------------------------------------------------


def edition_post(edition, teacher, *, deleted=()):
    """The admin's edition form as it stands, with the days in ``deleted`` ticked for deletion."""
    days = [
        {
            "id": day.pk,
            "date": day.date.isoformat(),
            "starts_at": day.starts_at.strftime("%H:%M"),
            "ends_at": day.ends_at.strftime("%H:%M"),
            "hours": str(day.hours),
            "DELETE": "on" if day in deleted else "",
        }
        for day in edition.sessions.order_by("date", "starts_at")
    ]
    return edition_form(
        edition.course,
        {"north": edition.cluster},
        teacher,
        sessions=days,
        code=edition.code,
        starts_on=edition.starts_on.isoformat(),
        ends_on=edition.ends_on.isoformat(),
        capacity=edition.capacity,
    )


def messages_of(response):
    return [str(message) for message in response.context["messages"]] if response.context else []


def test_the_inline_panel_refuses_to_delete_a_marked_day(client, marked, teacher, training_manager):
    edition, day = marked["edition"], marked["days"][0]
    before = kept(edition)
    client.force_login(training_manager)
    response = client.post(
        reverse("editions:edit", args=[edition.pk]),
        edition_post(edition, teacher, deleted=[day]),
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "non si può eliminare" in page and "Annulla una giornata" in page
    assert "presenze" in page and "storico del registro" in page
    assert kept(edition) == before


def test_the_inline_panel_still_deletes_a_day_without_history(
    client, make_edition, teacher, training_manager
):
    edition = make_edition(days=3)
    day = edition.sessions.order_by("date").last()
    client.force_login(training_manager)
    response = client.post(
        reverse("editions:edit", args=[edition.pk]),
        edition_post(edition, teacher, deleted=[day]),
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert not Session.objects.filter(pk=day.pk).exists()
    assert edition.sessions.count() == 2


@pytest.mark.parametrize(
    ("name", "target"),
    [
        ("editions:delete", lambda edition: edition),
        ("teaching_units:delete", lambda edition: edition.course),
        ("programmes:delete", lambda edition: edition.course.programme),
    ],
)
def test_the_admin_delete_views_refuse_with_a_message(
    client, marked, training_manager, name, target
):
    edition = marked["edition"]
    obj = target(edition)
    before = kept(edition)
    client.force_login(training_manager)
    url = reverse(name, args=[obj.pk])
    for response in (client.get(url, follow=True), client.post(url, follow=True)):
        assert response.status_code == 200
        (message,) = messages_of(response)
        assert "non si può eliminare" in message and "Non è stato cancellato nulla" in message
        assert str(obj) in message
    assert type(obj).objects.filter(pk=obj.pk).exists()
    assert kept(edition) == before


def test_the_organisation_delete_views_refuse_what_plans_and_editions_use(
    client, marked, make_user
):
    """Not history, but the same ProtectedError: a region with a plan, a cluster with editions."""
    edition = marked["edition"]
    client.force_login(make_user(superuser=True))
    for name, obj in (
        ("regions:delete", edition.course.programme.region),
        ("clusters:delete", edition.cluster),
    ):
        response = client.post(reverse(name, args=[obj.pk]), follow=True)
        assert response.status_code == 200
        (message,) = messages_of(response)
        assert "non si può eliminare" in message
        assert type(obj).objects.filter(pk=obj.pk).exists()


def test_the_admin_still_deletes_an_edition_without_history(client, make_edition, training_manager):
    edition = make_edition(days=2)
    client.force_login(training_manager)
    response = client.post(reverse("editions:delete", args=[edition.pk]))
    assert response.status_code == 302
    assert not Edition.objects.filter(pk=edition.pk).exists()
    assert not Session.objects.filter(edition_id=edition.pk).exists()


def test_the_admin_refuses_to_delete_a_person_of_the_register(
    client, marked, make_user, training_manager
):
    admin = make_user(superuser=True)
    person = marked["people"][0]
    before = kept(marked["edition"])
    client.force_login(admin)
    url = reverse("wagtailusers_users:delete", args=[person.pk])
    response = client.post(url, follow=True)
    assert response.status_code == 200
    (message,) = messages_of(response)
    assert "non si può eliminare" in message and "presenze" in message
    assert User.objects.filter(pk=person.pk).exists()
    assert kept(marked["edition"]) == before


def test_the_admin_bulk_deletion_of_people_skips_the_register(client, marked, make_user):
    admin = make_user(superuser=True)
    person, nobody = marked["people"][0], make_user()
    client.force_login(admin)
    url = reverse(
        "wagtail_bulk_action", args=[User._meta.app_label, User._meta.model_name, "delete"]
    )
    response = client.post(f"{url}?id={person.pk}&id={nobody.pk}")
    assert response.status_code in (200, 302)
    assert User.objects.filter(pk=person.pk).exists()
    assert not User.objects.filter(pk=nobody.pk).exists()


# --- Cancelling a day -----------------------------------------------------------------------


def cancel_url(edition):
    return reverse("editions:cancel_session", args=[edition.pk])


def test_a_training_manager_cancels_a_marked_day_and_nothing_is_lost(
    client, marked, training_manager
):
    edition, day = marked["edition"], marked["days"][1]
    before = kept(edition)
    client.force_login(training_manager)
    response = client.post(
        cancel_url(edition), {"session": day.pk, "reason": "  Sciopero dei trasporti  "}
    )
    assert response.status_code == 302
    day.refresh_from_db()
    assert day.is_cancelled and day.cancelled_by == training_manager
    assert day.cancellation_reason == "Sciopero dei trasporti"
    assert kept(edition) == before
    register = client.get(f"/admin/presenze/registri/{edition.code}/")
    assert "Annullata: non conta ore" in register.content.decode()


@pytest.mark.parametrize(
    "data",
    [
        {"session": "", "reason": "Sciopero"},
        {"session": "abc", "reason": "Sciopero"},
        {"session": "999999", "reason": "Sciopero"},
        {"reason": "   "},
    ],
)
def test_cancelling_refuses_bad_input_and_changes_nothing(client, marked, training_manager, data):
    edition, day = marked["edition"], marked["days"][1]
    data = {"session": day.pk, **data}
    client.force_login(training_manager)
    response = client.post(cancel_url(edition), data)
    assert response.status_code == 200
    assert response.context["form"].errors
    assert not Session.objects.filter(cancelled_at__isnull=False).exists()


def test_a_day_of_another_edition_or_already_cancelled_cannot_be_chosen(
    client, marked, make_edition, training_manager
):
    other = make_edition(days=1).sessions.get()
    day = marked["days"][0]
    services_cancel(day, training_manager)
    client.force_login(training_manager)
    for session in (other, day):
        response = client.post(
            cancel_url(marked["edition"]), {"session": session.pk, "reason": "Di nuovo"}
        )
        assert response.status_code == 200
        assert "session" in response.context["form"].errors
    other.refresh_from_db()
    day.refresh_from_db()
    assert not other.is_cancelled and day.cancellation_reason == "Maltempo"


@pytest.mark.parametrize("who", ["teacher", "operator", "cluster_lead"])
def test_only_training_managers_cancel_days(client, request, marked, who):
    client.force_login(request.getfixturevalue(who))
    day = marked["days"][0]
    response = client.post(cancel_url(marked["edition"]), {"session": day.pk, "reason": "No"})
    assert response.status_code in (302, 403)
    day.refresh_from_db()
    assert not day.is_cancelled


def services_cancel(day, by, reason="Maltempo"):
    return session_cancel(session=day, by=by, reason=reason)


def test_a_cancelled_day_counts_no_hours_anywhere(marked, training_manager):
    edition, first = marked["edition"], marked["days"][0]
    person = marked["people"][0]  # present, absent, present
    before = selectors.edition_attendance(edition)[person.pk]
    assert (before.attended_hours, before.total_hours) == (Decimal("10"), Decimal("15"))
    services_cancel(first, training_manager)

    after = selectors.edition_attendance(edition)[person.pk]
    assert (after.attended_hours, after.total_hours, after.days_attended) == (
        Decimal("5"),
        Decimal("10"),
        1,
    )
    grid = selectors.register_grid(edition)
    assert grid.total_hours == Decimal("10")
    row = next(row for row in grid.rows if row.user == person)
    assert row.attendance.attended_hours == Decimal("5")
    assert row.cells[0] is not None  # the mark is kept and shown
    ((_place, mine),) = selectors.my_attendance(person)
    assert (mine.attended_hours, mine.total_hours) == (Decimal("5"), Decimal("10"))
    totals = place_totals(edition.enrolments.all())
    assert totals.attended_hours == Decimal("25")  # 5 + 10 + 10 of the three people
    assert AttendanceRecord.objects.filter(session=first).count() == 3


def test_a_cancelled_day_is_not_marked(marked, training_manager, teacher):
    day = marked["days"][0]
    services_cancel(day, training_manager)
    with pytest.raises(Refused, match="annullata"):
        services.record_mark(
            session=day, participant=marked["people"][0], status="absent", by=teacher
        )
    assert AttendanceRecord.objects.get(session=day, user=marked["people"][0]).status == "present"


def test_a_cancelled_day_is_shown_cancelled_and_not_among_the_next_days(
    client, make_edition, make_user, place, training_manager
):
    edition = make_edition(starts_in=3, days=2)
    person = make_user()
    place(person, edition)
    first, second = edition.sessions.order_by("date")
    first = services_cancel(first, training_manager, reason="Aula non disponibile")
    assert list(upcoming_sessions_for(person)) == [second]
    ics = sessions_calendar(name="Prova", sessions=[first, second]).decode()
    assert ics.count("STATUS:CANCELLED") == 1
    page = client.get(edition.course.get_absolute_url()).content.decode()
    assert page.count("Annullata") == 1


def test_cancelling_asks_for_a_reason_and_happens_once(marked, training_manager):
    day = marked["days"][0]
    with pytest.raises(ValidationError):
        services_cancel(day, training_manager, reason=" ")
    services_cancel(day, training_manager)
    with pytest.raises(ValidationError, match="già annullata"):
        services_cancel(day, training_manager)


# --- PostgreSQL: the database refuses, whoever connects --------------------------------------


def raw(sql, params=()):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


@pytest.mark.postgres
def test_postgresql_refuses_raw_edits_and_deletes_of_the_history(marked):
    edition = marked["edition"]
    before = kept(edition)
    refused = [
        "UPDATE attendance_attendancechange SET reason = 'riscritta'",
        "DELETE FROM attendance_attendancechange",
        "UPDATE attendance_registerevent SET reason = 'riscritta'",
        "DELETE FROM attendance_registerevent",
        "DELETE FROM attendance_attendancerecord",
    ]
    for sql in refused:
        with pytest.raises(IntegrityError, match="append-only"), transaction.atomic():
            raw(sql)
    assert kept(edition) == before
    # A record is the day's current mark: it changes (with a change appended), never goes.
    with transaction.atomic():
        raw("UPDATE attendance_attendancerecord SET hours = hours")


@pytest.mark.postgres
def test_postgresql_still_lets_flush_empty_the_tables(marked):
    """Django's flush (between transactional tests) truncates: no row trigger fires."""

    class Undo(Exception):
        pass

    with pytest.raises(Undo), transaction.atomic():
        raw("SET CONSTRAINTS ALL IMMEDIATE")  # as if the rows were committed, like flush sees them
        raw(
            "TRUNCATE attendance_attendancechange, attendance_registerevent, "
            "attendance_attendancerecord"
        )
        assert not AttendanceChange.objects.exists()
        raise Undo
    assert AttendanceChange.objects.count() == 10
