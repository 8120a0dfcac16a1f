"""The training managers' back office: structure, days, decisions, enrolment by hand."""

from datetime import date, timedelta

import pytest

from courses.models import Course, Edition, Enrolment, Programme, Session
from website.accounts.models import User
from website.accounts.roles import Role, role_group

EDITIONS = "/admin/formazione/edizioni/"
DECIDE = "/admin/formazione/iscrizioni/decisioni/"


def edition_form(course, org, teacher, *, sessions=(), capacity=20, **overrides):
    """The POST data of the admin's edition form, days included."""
    data = {
        "course": course.pk,
        "code": "UD1-PA-NUOVA",
        "status": Edition.Status.SCHEDULED,
        "cluster": org["north"].pk,
        "teachers": [teacher.pk],
        "starts_on": "2027-03-01",
        "ends_on": "2027-03-05",
        "capacity": capacity,
        "enrolment_opens_at": "",
        "enrolment_closes_at": "",
        "venue_name": "Aula formazione",
        "venue_address": "Palermo",
        "sessions-TOTAL_FORMS": len(sessions),
        "sessions-INITIAL_FORMS": sum(1 for s in sessions if s.get("id")),
        "sessions-MIN_NUM_FORMS": 0,
        "sessions-MAX_NUM_FORMS": 1000,
    }
    for index, session in enumerate(sessions):
        values = {
            "id": "",
            "starts_at": "09:00",
            "ends_at": "14:00",
            "hours": "5",
            "mode": "classroom",
            "meeting_url": "",
            "teacher": "",
            "topic": "",
            "DELETE": "",
            **session,
        }
        for name, value in values.items():
            data[f"sessions-{index}-{name}"] = value
    data.update(overrides)
    return data


def test_the_training_managers_group_has_the_course_permissions(db):
    group = role_group(Role.TRAINING_MANAGER)
    codenames = set(group.permissions.values_list("codename", flat=True))
    for model in ("programme", "course", "edition", "session", "enrolment"):
        assert {f"add_{model}", f"change_{model}", f"delete_{model}", f"view_{model}"} <= codenames


@pytest.mark.parametrize("who", ["operator", "teacher", "editor", "cluster_lead"])
def test_other_roles_do_not_reach_the_course_admin(client, request, who, edition):
    client.force_login(request.getfixturevalue(who))
    for url in [
        EDITIONS,
        "/admin/formazione/corsi/",
        "/admin/formazione/piani/",
        "/admin/formazione/iscrizioni/",
        f"{EDITIONS}iscrizioni/{edition.pk}/",
        f"{EDITIONS}giornate/{edition.pk}/serie/",
    ]:
        assert client.get(url).status_code in (302, 403), url


def test_a_programme_gets_a_slug_from_its_title(client, training_manager, org):
    client.force_login(training_manager)
    response = client.post(
        "/admin/formazione/piani/new/",
        {
            "title": "Piano straordinario 2027",
            "slug": "",
            "region": org["region"].pk,
            "funder": "FSE+",
            "starts_on": "2027-01-01",
            "ends_on": "2027-12-31",
            "is_published": "on",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Programme.objects.get(title="Piano straordinario 2027").slug == (
        "piano-straordinario-2027"
    )


def test_a_programme_cannot_end_before_it_starts(client, training_manager):
    client.force_login(training_manager)
    response = client.post(
        "/admin/formazione/piani/new/",
        {"title": "Piano", "slug": "piano", "starts_on": "2027-12-31", "ends_on": "2027-01-01"},
    )
    assert response.status_code == 200
    assert "La fine del piano non può precedere l&#x27;inizio." in response.content.decode()
    assert not Programme.objects.filter(slug="piano").exists()


def test_a_course_gets_a_unique_slug(client, training_manager, course):
    client.force_login(training_manager)
    response = client.post(
        "/admin/formazione/corsi/new/",
        {
            "programme": course.programme.pk,
            "code": "UD2",
            "sort_order": 2,
            "title": "Trasparenza",
            "slug": "",
            "hours_per_day": "5",
            "attendance_threshold": "70",
        },
    )
    assert response.status_code == 302
    assert Course.objects.get(code="UD2").slug == "ud2-trasparenza"


class TestEditionForm:
    def test_creates_an_edition_with_its_days(self, client, training_manager, course, org, teacher):
        client.force_login(training_manager)
        data = edition_form(
            course,
            org,
            teacher,
            sessions=[{"date": "2027-03-01"}, {"date": "2027-03-02", "mode": "online"}],
        )
        response = client.post(f"{EDITIONS}new/", data)
        assert response.status_code == 302, response.content.decode()[-3000:]
        edition = Edition.objects.get(code="UD1-PA-NUOVA")
        assert list(edition.teachers.all()) == [teacher]
        assert [s.mode for s in edition.sessions.order_by("date")] == ["classroom", "online"]

    @pytest.mark.parametrize(
        ("sessions", "message"),
        [
            ([{"date": "2027-03-09"}], "fuori dal periodo"),
            (
                [{"date": "2027-03-01"}, {"date": "2027-03-01", "starts_at": "13:00"}],
                "Si sovrappone",
            ),
            ([{"date": "2027-03-01", "starts_at": "14:00", "ends_at": "09:00"}], "ora di fine"),
            ([{"date": "2027-03-01", "hours": "0"}], "almeno mezz"),
            ([{"date": "2027-03-01", "hours": "-3"}], "almeno mezz"),
        ],
        ids=["outside", "overlap", "end-before-start", "zero-hours", "negative-hours"],
    )
    def test_refuses_wrong_days_with_a_clear_message(
        self, client, training_manager, course, org, teacher, sessions, message
    ):
        client.force_login(training_manager)
        response = client.post(
            f"{EDITIONS}new/", edition_form(course, org, teacher, sessions=sessions)
        )
        assert response.status_code == 200
        assert message in response.content.decode()
        assert not Edition.objects.filter(code="UD1-PA-NUOVA").exists()
        assert not Session.objects.exists()

    def test_days_are_checked_against_the_new_period_not_the_old(
        self, client, training_manager, course, org, teacher, make_edition
    ):
        edition = make_edition(days=1, code="UD1-PA-NUOVA")
        day = edition.sessions.get()
        client.force_login(training_manager)
        moved = edition.starts_on + timedelta(days=10)
        data = edition_form(
            course,
            org,
            teacher,
            sessions=[{"id": day.pk, "date": edition.starts_on.isoformat()}],
            starts_on=moved.isoformat(),
            ends_on=moved.isoformat(),
        )
        response = client.post(f"{EDITIONS}edit/{edition.pk}/", data)
        assert response.status_code == 200
        assert "fuori dal periodo" in response.content.decode()
        edition.refresh_from_db()
        assert edition.starts_on != moved

    def test_capacity_cannot_go_below_the_confirmed_places(
        self, client, training_manager, course, org, teacher, make_edition, make_user, place
    ):
        edition = make_edition(days=0, code="UD1-PA-NUOVA", capacity=5)
        for _ in range(3):
            place(make_user(), edition)
        client.force_login(training_manager)
        data = edition_form(
            course,
            org,
            teacher,
            capacity=2,
            starts_on=edition.starts_on.isoformat(),
            ends_on=edition.ends_on.isoformat(),
        )
        response = client.post(f"{EDITIONS}edit/{edition.pk}/", data)
        assert response.status_code == 200
        assert "3 iscrizioni confermate" in response.content.decode()
        edition.refresh_from_db()
        assert edition.capacity == 5

    def test_raising_the_capacity_promotes_the_waiting_list(
        self,
        client,
        training_manager,
        course,
        org,
        teacher,
        make_edition,
        make_user,
        place,
        mailoutbox,
    ):
        edition = make_edition(days=0, code="UD1-PA-NUOVA", capacity=1)
        place(make_user(), edition)
        waiting = place(make_user(), edition, Enrolment.Status.WAITLISTED)
        client.force_login(training_manager)
        data = edition_form(
            course,
            org,
            teacher,
            capacity=2,
            starts_on=edition.starts_on.isoformat(),
            ends_on=edition.ends_on.isoformat(),
        )
        assert client.post(f"{EDITIONS}edit/{edition.pk}/", data).status_code == 302
        waiting.refresh_from_db()
        assert waiting.status == Enrolment.Status.APPROVED

    def test_only_teachers_can_be_chosen(self, client, training_manager, course, org, operator):
        client.force_login(training_manager)
        response = client.post(f"{EDITIONS}new/", edition_form(course, org, operator))
        assert response.status_code == 200
        assert not Edition.objects.filter(code="UD1-PA-NUOVA").exists()


class TestSessionRun:
    def url(self, edition):
        return f"{EDITIONS}giornate/{edition.pk}/serie/"

    def test_adds_three_working_days(self, client, training_manager, make_edition):
        edition = make_edition(days=0)
        edition.starts_on, edition.ends_on = date(2027, 4, 1), date(2027, 4, 30)
        edition.save()
        client.force_login(training_manager)
        assert client.get(self.url(edition)).status_code == 200
        response = client.post(
            self.url(edition),
            {
                "first_date": "2027-04-23",  # Friday; Sunday 25 April is a holiday anyway
                "count": 3,
                "recurrence": "working_days",
                "starts_at": "09:00",
                "ends_at": "14:00",
                "hours": "5",
                "mode": "classroom",
            },
        )
        assert response.status_code == 302
        assert list(edition.sessions.order_by("date").values_list("date", flat=True)) == [
            date(2027, 4, 23),
            date(2027, 4, 26),
            date(2027, 4, 27),
        ]

    @pytest.mark.parametrize(
        ("changes", "message"),
        [
            ({"ends_at": "08:00"}, "ora di fine"),
            ({"hours": "0"}, "almeno mezz"),
            ({"count": "0"}, "maggiore o uguale a 1"),
            ({"first_date": "non-una-data"}, "data valida"),
            ({"first_date": "2030-01-07"}, "fuori dal periodo"),
            ({"meeting_url": "https://meet.example.org/x"}, "solo per le giornate online"),
        ],
    )
    def test_refuses_bad_input_and_adds_nothing(
        self, client, training_manager, make_edition, changes, message
    ):
        # A fixed working week: an edition starting on a holiday would add a
        # "fuori dal periodo" to every case.
        edition = make_edition(days=1)
        edition.starts_on, edition.ends_on = date(2027, 3, 1), date(2027, 3, 5)
        edition.save()
        edition.sessions.update(date=date(2027, 3, 1))
        client.force_login(training_manager)
        data = {
            "first_date": edition.starts_on.isoformat(),
            "count": 1,
            "recurrence": "working_days",
            "starts_at": "15:00",
            "ends_at": "17:00",
            "hours": "2",
            "mode": "classroom",
            **changes,
        }
        before = edition.sessions.count()
        response = client.post(self.url(edition), data)
        assert response.status_code == 200
        assert message in response.content.decode()
        assert edition.sessions.count() == before


class TestDecisions:
    def test_approves_and_refuses_in_bulk(
        self, client, training_manager, make_edition, make_user, place, mailoutbox
    ):
        edition = make_edition(capacity=1)
        first, second, third = (
            place(make_user(), edition, Enrolment.Status.REQUESTED) for _ in range(3)
        )
        client.force_login(training_manager)
        page = f"{EDITIONS}iscrizioni/{edition.pk}/"
        assert client.get(page).status_code == 200
        response = client.post(
            DECIDE,
            {"enrolments": [first.pk, second.pk], "action": "approve", "next": page},
        )
        assert response.status_code == 302
        assert response["Location"] == page
        first.refresh_from_db()
        second.refresh_from_db()
        assert (first.status, second.status) == ("approved", "waitlisted")
        # Refusing asks for a reason and a confirmation: without either nothing changes.
        for data in (
            {"reason": "Fuori target"},
            {"confirm_refusal": "on"},
            {"reason": "   ", "confirm_refusal": "on"},
        ):
            client.post(DECIDE, {"enrolments": [third.pk], "action": "refuse", **data})
            third.refresh_from_db()
            assert third.status == "requested"
        client.post(
            DECIDE,
            {
                "enrolments": [third.pk],
                "action": "refuse",
                "reason": "Fuori target",
                "confirm_refusal": "on",
            },
        )
        third.refresh_from_db()
        assert (third.status, third.reason) == ("refused", "Fuori target")

    def test_cancels_a_place_and_promotes(
        self, client, training_manager, edition, make_user, place
    ):
        holder = place(make_user(), edition)
        client.force_login(training_manager)
        client.post(DECIDE, {"enrolments": [holder.pk], "action": "cancel"})
        holder.refresh_from_db()
        assert holder.status == Enrolment.Status.WITHDRAWN

    @pytest.mark.parametrize(
        "data",
        [
            {"action": "approve"},  # nothing chosen
            {"action": "delete-everything", "enrolments": ["{pk}"]},
            {"action": "approve", "enrolments": ["abc"]},
            {"action": "approve", "enrolments": ["{approved}"]},  # approving an approved place
            {"action": "approve", "enrolments": ["999999"]},
        ],
    )
    def test_malformed_decisions_change_nothing(
        self, client, training_manager, edition, make_user, place, data
    ):
        request = place(make_user(), edition, Enrolment.Status.REQUESTED)
        approved = place(make_user(), edition)
        client.force_login(training_manager)
        data = {
            key: [v.format(pk=request.pk, approved=approved.pk) for v in value]
            if isinstance(value, list)
            else value
            for key, value in data.items()
        }
        response = client.post(DECIDE, data, follow=True)
        assert response.status_code == 200
        assert response.redirect_chain
        statuses = dict(Enrolment.objects.values_list("pk", "status"))
        assert statuses == {request.pk: "requested", approved.pk: "approved"}

    def test_an_outside_next_url_is_ignored(
        self, client, training_manager, edition, make_user, place
    ):
        request = place(make_user(), edition, Enrolment.Status.REQUESTED)
        client.force_login(training_manager)
        response = client.post(
            DECIDE,
            {"enrolments": [request.pk], "action": "approve", "next": "https://evil.example/"},
        )
        assert response["Location"] == "/admin/formazione/iscrizioni/"

    @pytest.mark.parametrize("who", ["operator", "teacher", "centre_manager"])
    def test_only_training_managers_decide(self, client, request, who, edition, make_user, place):
        pending = place(make_user(), edition, Enrolment.Status.REQUESTED)
        client.force_login(request.getfixturevalue(who))
        response = client.post(DECIDE, {"enrolments": [pending.pk], "action": "approve"})
        assert response.status_code in (302, 403)
        pending.refresh_from_db()
        assert pending.status == Enrolment.Status.REQUESTED

    def test_pending_requests_list_shows_requests_of_every_edition(
        self, client, training_manager, make_edition, make_user, place
    ):
        one, two = make_edition(), make_edition()
        place(make_user(email="prima@example.org"), one, Enrolment.Status.REQUESTED)
        place(make_user(email="seconda@example.org"), two, Enrolment.Status.REQUESTED)
        place(make_user(email="confermata@example.org"), two)
        client.force_login(training_manager)
        html = client.get("/admin/formazione/iscrizioni/").content.decode()
        assert "prima@example.org" in html and "seconda@example.org" in html
        assert "confermata@example.org" not in html


class TestEnrolByHand:
    def url(self, edition):
        return f"{EDITIONS}iscrizioni/{edition.pk}/aggiungi/"

    def test_enrols_an_existing_person(self, client, training_manager, edition, operator):
        client.force_login(training_manager)
        response = client.post(self.url(edition), {"email": "OPERATORE@example.org"})
        assert response.status_code == 302
        assert Enrolment.objects.get(user=operator).status == Enrolment.Status.APPROVED

    def test_creates_a_new_person_with_their_details(self, client, training_manager, edition, org):
        client.force_login(training_manager)
        response = client.post(
            self.url(edition),
            {
                "email": "nuovo@example.org",
                "first_name": "Nuovo",
                "last_name": "Collega",
                "centre": org["pa2"].pk,
            },
        )
        assert response.status_code == 302
        enrolment = Enrolment.objects.get(user__email="nuovo@example.org")
        assert enrolment.user.centre == org["pa2"]

    def test_a_new_person_needs_name_and_centre(self, client, training_manager, edition):
        client.force_login(training_manager)
        response = client.post(self.url(edition), {"email": "nuovo@example.org"})
        assert response.status_code == 200
        assert "Nessun account con questa email" in response.content.decode()
        assert not Enrolment.objects.exists()

    def test_a_full_edition_refuses_and_creates_no_account(
        self, client, training_manager, make_edition, make_user, place, org
    ):
        edition = make_edition(capacity=1)
        place(make_user(), edition)
        client.force_login(training_manager)
        response = client.post(
            self.url(edition),
            {
                "email": "x@example.org",
                "first_name": "X",
                "last_name": "Y",
                "centre": org["pa1"].pk,
            },
        )
        assert response.status_code == 200
        assert "al completo" in response.content.decode()
        assert not Enrolment.objects.filter(user__email="x@example.org").exists()
        assert not User.objects.filter(email="x@example.org").exists()


def test_the_admin_home_lists_editions_with_requests_to_decide(
    client, training_manager, editor, make_edition, make_user, place
):
    waiting = make_edition(code="UD1-IN-ATTESA")
    place(make_user(), waiting, Enrolment.Status.REQUESTED)
    place(make_user(), waiting, Enrolment.Status.REQUESTED)
    place(make_user(), make_edition(code="UD1-DECISA"))
    client.force_login(training_manager)
    html = client.get("/admin/").content.decode()
    assert "Richieste di iscrizione da decidere" in html
    assert "UD1-IN-ATTESA" in html and "UD1-DECISA" not in html
    client.force_login(editor)
    assert "Richieste di iscrizione da decidere" not in client.get("/admin/").content.decode()


class TestEditionCodes:
    """Codes keep the case typed (UD1-PA-01); two codes differing only in case clash."""

    def test_the_code_field_is_no_slug_widget_that_lowercases(
        self, client, training_manager, course
    ):
        client.force_login(training_manager)
        html = client.get(EDITIONS + "new/").content.decode()
        field = html[html.index('name="code"') - 300 : html.index('name="code"') + 300]
        assert "w-slug" not in field

    def test_a_code_is_stored_as_typed(self, client, training_manager, course, org, teacher):
        client.force_login(training_manager)
        response = client.post(
            EDITIONS + "new/", edition_form(course, org, teacher, code="AC1-PA-01")
        )
        assert response.status_code == 302, response.content.decode()[:2000]
        assert Edition.objects.filter(code="AC1-PA-01").exists()

    def test_codes_are_unique_ignoring_case(
        self, client, training_manager, course, org, teacher, make_edition
    ):
        make_edition(code="AC1-PA-01")
        client.force_login(training_manager)
        response = client.post(
            EDITIONS + "new/", edition_form(course, org, teacher, code="ac1-pa-01")
        )
        assert response.status_code == 200
        assert "Esiste già un&#x27;edizione con questo codice" in response.content.decode()
        assert Edition.objects.filter(code__iexact="ac1-pa-01").count() == 1

    def test_the_database_refuses_a_case_variant_too(self, make_edition):
        from django.db import IntegrityError, transaction

        make_edition(code="AC1-PA-01")
        with pytest.raises(IntegrityError), transaction.atomic():
            make_edition(code="ac1-PA-01")
