"""The site's course pages: what each person sees, may ask for and may download."""

from datetime import timedelta

import icalendar
import pytest
from bs4 import BeautifulSoup
from django.conf import settings
from django.test import override_settings
from django.utils import timezone
from wagtail import hooks

from courses.hooks import COURSE_PAGE_PANELS, DASHBOARD_PANELS, render_panel
from courses.models import CalendarFeed, Course, Edition, Enrolment, Programme, Session
from website.accounts.roles import Role

MEETING = "https://videoconferenza.example.org/ud1-diretta"


def page_text(response):
    return BeautifulSoup(response.content, "html.parser").get_text(" ", strip=True)


PROCESSOR_RUNS: list[object] = []


def counting_processor(request):
    PROCESSOR_RUNS.append(request)
    return {}


@pytest.fixture
def online_edition(make_edition):
    return make_edition(code="UD1-ONLINE", mode=Session.Mode.ONLINE, meeting_url=MEETING)


class TestCatalogue:
    @pytest.fixture
    def catalogue(self, make_edition, course, programme, org):
        other_programme = Programme.objects.create(
            title="Piano concluso",
            slug="piano-concluso",
            starts_on=programme.starts_on - timedelta(days=400),
            ends_on=programme.starts_on - timedelta(days=100),
        )
        finished = Course.objects.create(
            programme=other_programme, code="UD9", title="Sportello e accoglienza", slug="ud9"
        )
        make_edition(course=finished, starts_in=-300, cluster=org["south"], status="closed")
        make_edition(course=course, cluster=org["north"])
        online = Course.objects.create(
            programme=programme, code="UD2", title="Colloqui a distanza", slug="ud2"
        )
        make_edition(course=online, mode=Session.Mode.ONLINE, cluster=org["south"])
        hidden = Programme.objects.create(
            title="Piano in preparazione",
            slug="piano-bozza",
            starts_on=programme.starts_on,
            ends_on=programme.ends_on,
            is_published=False,
        )
        Course.objects.create(programme=hidden, code="UD7", title="Non ancora pubblico", slug="ud7")
        return {"finished": finished, "online": online, "other": other_programme}

    def codes(self, client, query=""):
        soup = BeautifulSoup(client.get("/corsi/" + query).content, "html.parser")
        return sorted(
            h.get_text(strip=True).split(" – ")[0] for h in soup.select(".course-card h3")
        )

    def test_lists_published_courses_grouped_by_programme(self, client, catalogue):
        response = client.get("/corsi/")
        text = page_text(response)
        assert "Piano di prova" in text and "Piano concluso" in text
        assert self.codes(client) == ["UD1", "UD2", "UD9"]
        assert "Non ancora pubblico" not in text

    def test_training_managers_also_see_unpublished_courses(
        self, client, catalogue, training_manager
    ):
        client.force_login(training_manager)
        assert self.codes(client) == ["UD1", "UD2", "UD7", "UD9"]

    def test_filters(self, client, catalogue, programme, org):
        assert self.codes(client, f"?programme={catalogue['other'].pk}") == ["UD9"]
        assert self.codes(client, f"?region={org['region'].pk}") == ["UD1", "UD2"]
        assert self.codes(client, f"?cluster={org['south'].pk}") == ["UD2", "UD9"]
        assert self.codes(client, "?mode=online") == ["UD2"]
        assert self.codes(client, "?mode=classroom") == ["UD1", "UD9"]
        assert self.codes(client, "?open=on") == ["UD1", "UD2"]
        assert self.codes(client, "?q=distanza") == ["UD2"]
        assert self.codes(client, "?q=ud9") == ["UD9"]

    def programme_options(self, client):
        soup = BeautifulSoup(client.get("/corsi/").content, "html.parser")
        return [option.get_text(strip=True) for option in soup.select("#id_programme option")]

    def test_the_filter_form_anonymous_readers_share_follows_the_content(
        self, client, catalogue, training_manager
    ):
        """The form is rendered once for every anonymous reader, and again when what it offers
        changes: a programme published, renamed or added shows at the next request."""
        assert "Piano in preparazione" not in self.programme_options(client)
        hidden = Programme.objects.get(slug="piano-bozza")
        hidden.is_published = True
        hidden.title = "Piano 2027"
        hidden.save()
        assert "Piano 2027" in self.programme_options(client)
        client.force_login(training_manager)
        Programme.objects.filter(pk=hidden.pk).update(is_published=False)  # no signal: no bump
        assert "Piano 2027" in self.programme_options(client)  # staff see it, never cached
        client.logout()
        # The shared copy (an update() that bypasses the signals does not move the content).
        assert "Piano 2027" in self.programme_options(client)
        hidden.is_published = False
        hidden.save()
        assert "Piano 2027" not in self.programme_options(client)

    def test_bad_filter_values_are_reported_not_applied(self, client, catalogue):
        response = client.get("/corsi/?programme=abc&mode=teletrasporto&cluster=999999")
        assert response.status_code == 200
        text = page_text(response)
        assert "Il modulo contiene errori" in text
        assert self.codes(client, "?programme=abc") == ["UD1", "UD2", "UD9"]

    def test_an_unpublished_course_page_answers_as_a_missing_one(
        self, client, training_manager, operator, catalogue
    ):
        # Anonymous: the login page for both, so neither answer says which exists.
        for url in ("/corsi/ud7/", "/corsi/non-esiste/"):
            assert client.get(url)["Location"] == f"/account/login/?next={url}"
        client.force_login(operator)
        assert client.get("/corsi/ud7/").status_code == 404
        assert client.get("/corsi/non-esiste/").status_code == 404
        client.force_login(training_manager)
        assert client.get("/corsi/ud7/").status_code == 200


class TestCoursePage:
    def test_shows_editions_with_dates_venue_teachers_and_seats(
        self, client, make_edition, teacher, make_user, place
    ):
        edition = make_edition(capacity=3, code="UD1-PA-01")
        edition.teachers.add(teacher)
        place(make_user(), edition)
        text = page_text(client.get("/corsi/ud1-trasparenza/"))
        assert "Edizione UD1-PA-01 · Palermo Città" in text
        assert "Aula formazione CPI Palermo Centro" in text
        assert teacher.get_full_name() in text
        assert "3 posti, 2 liberi" in text
        assert "Conoscere gli obblighi di trasparenza." in text
        assert "Accedi per iscriverti" in text

    def test_draft_editions_are_hidden_from_participants(self, client, make_edition, operator):
        make_edition(code="UD1-BOZZA", status=Edition.Status.DRAFT)
        client.force_login(operator)
        assert "UD1-BOZZA" not in page_text(client.get("/corsi/ud1-trasparenza/"))

    def test_the_meeting_link_needs_a_place(
        self, client, online_edition, operator, make_user, place, teacher, training_manager
    ):
        url = "/corsi/ud1-trasparenza/"
        assert MEETING not in client.get(url).content.decode()
        client.force_login(operator)
        assert MEETING not in client.get(url).content.decode()
        place(operator, online_edition, Enrolment.Status.REQUESTED)
        assert MEETING not in client.get(url).content.decode()
        Enrolment.objects.filter(user=operator).update(status=Enrolment.Status.APPROVED)
        assert MEETING in client.get(url).content.decode()
        online_edition.teachers.add(teacher)
        for person in (teacher, training_manager):
            client.force_login(person)
            assert MEETING in client.get(url).content.decode()

    def test_panels_from_other_apps_come_after_the_course(self, client, course):
        def materials(request, course):
            return f'<section id="materiali">Materiali di {course.code}</section>'

        with hooks.register_temporarily(COURSE_PAGE_PANELS, materials):
            html = client.get("/corsi/ud1-trasparenza/").content.decode()
        assert '<section id="materiali">Materiali di UD1</section>' in html
        assert html.index("Materiali di UD1") > html.index('id="editions-title"')


class TestAskingForAPlace:
    def test_a_logged_in_person_asks_and_sees_the_outcome(self, client, edition, operator):
        client.force_login(operator)
        response = client.post(f"/corsi/edizioni/{edition.code}/iscrizione/", follow=True)
        assert "Richiesta inviata per l'edizione" in page_text(response)
        assert Enrolment.objects.get(user=operator).status == Enrolment.Status.REQUESTED
        # The second request is refused with the reason, and changes nothing.
        response = client.post(f"/corsi/edizioni/{edition.code}/iscrizione/", follow=True)
        assert "puoi averne una sola per corso" in page_text(response)
        assert Enrolment.objects.filter(user=operator).count() == 1

    def test_anonymous_people_are_sent_to_log_in(self, client, edition):
        response = client.post(f"/corsi/edizioni/{edition.code}/iscrizione/")
        assert response.status_code == 302
        assert "/account/login/" in response["Location"]
        assert not Enrolment.objects.exists()

    def test_a_get_changes_nothing(self, client, edition, operator):
        client.force_login(operator)
        assert client.get(f"/corsi/edizioni/{edition.code}/iscrizione/").status_code == 405
        assert not Enrolment.objects.exists()

    def test_unknown_and_draft_editions_are_not_found(self, client, make_edition, operator):
        draft = make_edition(status=Edition.Status.DRAFT)
        client.force_login(operator)
        assert client.post("/corsi/edizioni/NESSUNA/iscrizione/").status_code == 404
        assert client.post(f"/corsi/edizioni/{draft.code}/iscrizione/").status_code == 404
        assert not Enrolment.objects.exists()

    def test_withdrawal_asks_for_confirmation(self, client, edition, operator, place):
        enrolment = place(operator, edition)
        client.force_login(operator)
        url = f"/la-mia-formazione/iscrizioni/{enrolment.pk}/ritiro/"
        assert "Vuoi davvero ritirarti" in page_text(client.get(url))
        enrolment.refresh_from_db()
        assert enrolment.status == Enrolment.Status.APPROVED
        client.post(url)
        enrolment.refresh_from_db()
        assert enrolment.status == Enrolment.Status.WITHDRAWN

    def test_nobody_withdraws_someone_else(self, client, edition, operator, make_user, place):
        enrolment = place(make_user(), edition)
        client.force_login(operator)
        url = f"/la-mia-formazione/iscrizioni/{enrolment.pk}/ritiro/"
        assert client.get(url).status_code == 404
        assert client.post(url).status_code == 404
        enrolment.refresh_from_db()
        assert enrolment.status == Enrolment.Status.APPROVED


class TestDashboard:
    def test_needs_a_login(self, client, db):
        assert client.get("/la-mia-formazione/").status_code == 302

    def test_shows_my_editions_next_days_and_only_mine(
        self, client, online_edition, make_edition, operator, make_user, place
    ):
        place(operator, online_edition)
        someone = make_user()
        other = make_edition(code="UD1-ALTRA")
        place(someone, other)
        client.force_login(operator)
        response = client.get("/la-mia-formazione/", {"user": someone.pk})
        text = page_text(response)
        assert "UD1-ONLINE" in text
        assert "UD1-ALTRA" not in text
        assert "10 ore in 2 giornate" in text
        assert MEETING in response.content.decode()  # my place: the link is mine to see
        assert text.count("Online in diretta") >= 2  # the next two days

    def test_panels_from_other_apps(self, client, operator):
        def certificates(request):
            return f"<section>Attestati di {request.user.email}</section>"

        client.force_login(operator)
        with hooks.register_temporarily(DASHBOARD_PANELS, certificates):
            html = client.get("/la-mia-formazione/").content.decode()
        assert "<section>Attestati di operatore@example.org</section>" in html

    def test_panels_share_one_run_of_the_context_processors(self, client, operator):
        """Nine panels render with what the processors gave once (the page makes its own run);
        a panel still reads them: ``user`` here, ``csrf_token`` through its tag."""

        def who(request):
            return render_panel("courses/tests/panel.html", {"mine": "di"}, request=request)

        PROCESSOR_RUNS.clear()
        panel = (
            "<p>Pannello {{ mine }} {{ user.email }}{% if csrf_token %} con token{% endif %}</p>"
        )
        templates = [
            {
                **settings.TEMPLATES[0],
                "APP_DIRS": False,
                "OPTIONS": {
                    **settings.TEMPLATES[0]["OPTIONS"],
                    "loaders": [
                        (
                            "django.template.loaders.locmem.Loader",
                            {"courses/tests/panel.html": panel},
                        ),
                        "django.template.loaders.filesystem.Loader",
                        "django.template.loaders.app_directories.Loader",
                    ],
                    "context_processors": [
                        *settings.TEMPLATES[0]["OPTIONS"]["context_processors"],
                        "tests.courses.test_views.counting_processor",
                    ],
                },
            }
        ]
        client.force_login(operator)
        with (
            override_settings(TEMPLATES=templates),
            hooks.register_temporarily(DASHBOARD_PANELS, who),
        ):
            html = client.get("/la-mia-formazione/").content.decode()
        assert "<p>Pannello di operatore@example.org con token</p>" in html
        assert len(PROCESSOR_RUNS) == 2

    def test_role_links(self, client, teacher, centre_manager, cluster_lead, edition, operator):
        edition.teachers.add(teacher)
        expectations = {
            teacher: ("Le mie docenze", True),
            centre_manager: ("Formazione del personale", True),
            cluster_lead: ("Formazione del personale", True),
            operator: ("Formazione del personale", False),
        }
        for person, (label, shown) in expectations.items():
            client.force_login(person)
            assert (label in page_text(client.get("/la-mia-formazione/"))) is shown


class TestCalendars:
    def feed_url(self, client, user):
        client.force_login(user)
        client.post("/la-mia-formazione/calendario/nuovo-indirizzo/")
        return f"/la-mia-formazione/calendario/{CalendarFeed.objects.get(user=user).token}.ics"

    def test_personal_feed_lists_my_days_in_rome_time_with_stable_uids(
        self, client, online_edition, make_edition, operator, place, make_user
    ):
        place(operator, online_edition)
        place(make_user(), make_edition(code="UD1-ALTRA"))
        url = self.feed_url(client, operator)
        client.logout()  # calendar apps carry no session
        response = client.get(url)
        assert response["Content-Type"] == "text/calendar; charset=utf-8"
        calendar = icalendar.Calendar.from_ical(response.content)
        events = calendar.walk("VEVENT")
        assert len(events) == 2
        first = events[0]
        start = online_edition.sessions.order_by("date").first()
        assert first.decoded("dtstart") == start.starts()
        assert str(first["dtstart"].params["TZID"]) == "Europe/Rome"
        assert first["location"] == "Online in diretta"
        assert MEETING in str(first["description"])
        assert calendar.walk("VTIMEZONE")[0]["TZID"] == "Europe/Rome"
        again = icalendar.Calendar.from_ical(client.get(url).content).walk("VEVENT")
        assert [str(e["uid"]) for e in again] == [str(e["uid"]) for e in events]
        assert str(first["uid"]) == f"aula-giornata-{start.pk}@testserver"

    def test_a_new_address_retires_the_old_one(self, client, edition, operator):
        old = self.feed_url(client, operator)
        assert client.get(old).status_code == 200
        client.post("/la-mia-formazione/calendario/nuovo-indirizzo/")
        assert client.get(old).status_code == 404
        new = f"/la-mia-formazione/calendario/{CalendarFeed.objects.get(user=operator).token}.ics"
        assert new != old
        assert client.get(new).status_code == 200

    def test_nobody_reads_a_feed_without_its_secret(self, client, operator, make_user):
        self.feed_url(client, make_user())
        client.force_login(operator)
        assert client.get("/la-mia-formazione/calendario/indovinato.ics").status_code == 404
        assert client.get("/la-mia-formazione/calendario/.ics").status_code == 404

    def test_edition_feed_hides_the_link_from_people_without_a_place(
        self, client, online_edition, operator, place
    ):
        url = f"/corsi/edizioni/{online_edition.code}/calendario.ics"
        events = icalendar.Calendar.from_ical(client.get(url).content).walk("VEVENT")
        assert len(events) == 2
        assert MEETING not in str(events[0]["description"])
        place(operator, online_edition)
        client.force_login(operator)
        events = icalendar.Calendar.from_ical(client.get(url).content).walk("VEVENT")
        assert MEETING in str(events[0]["description"])

    def test_draft_edition_feed_answers_as_a_missing_one(self, client, make_edition, operator):
        draft = make_edition(status=Edition.Status.DRAFT)
        urls = [f"/corsi/edizioni/{code}/calendario.ics" for code in (draft.code, "NON-ESISTE")]
        for url in urls:
            assert client.get(url)["Location"] == f"/account/login/?next={url}"
        client.force_login(operator)
        for url in urls:
            assert client.get(url).status_code == 404


class TestTeacherViews:
    def test_a_teacher_sees_their_editions_and_participants(
        self, client, make_edition, teacher, make_user, place
    ):
        mine = make_edition(code="UD1-MIA")
        mine.teachers.add(teacher)
        make_edition(code="UD1-ALTRUI")
        place(make_user(email="iscritta@example.org"), mine)
        place(make_user(email="attesa@example.org"), mine, Enrolment.Status.WAITLISTED)
        client.force_login(teacher)
        text = page_text(client.get("/la-mia-formazione/docenze/"))
        assert "UD1-MIA" in text and "UD1-ALTRUI" not in text
        text = page_text(client.get("/la-mia-formazione/docenze/UD1-MIA/"))
        assert "iscritta@example.org" in text
        assert "Lista d'attesa" in text and "attesa@example.org" in text
        place(make_user(email="formula@example.org", last_name='=HYPERLINK("x")'), mine)
        csv_text = client.get("/la-mia-formazione/docenze/UD1-MIA/partecipanti.csv").content
        assert "iscritta@example.org" in csv_text.decode("utf-8-sig")
        # A name that a spreadsheet would run arrives as text.
        assert "'=HYPERLINK" in csv_text.decode("utf-8-sig")

    def test_a_teacher_cannot_open_another_edition(self, client, make_edition, teacher):
        make_edition(code="UD1-ALTRUI")
        client.force_login(teacher)
        assert client.get("/la-mia-formazione/docenze/UD1-ALTRUI/").status_code == 404
        csv_url = "/la-mia-formazione/docenze/UD1-ALTRUI/partecipanti.csv"
        assert client.get(csv_url).status_code == 404

    @pytest.mark.parametrize("who", ["operator", "centre_manager", "coach"])
    def test_other_people_have_no_teaching_pages(self, client, request, who, edition):
        client.force_login(request.getfixturevalue(who))
        assert client.get("/la-mia-formazione/docenze/").status_code == 404
        assert client.get(f"/la-mia-formazione/docenze/{edition.code}/").status_code == 404


class TestStaffViews:
    def test_a_centre_manager_sees_their_centres_staff_only(
        self, client, edition, centre_manager, make_user, place, org
    ):
        place(make_user(centre=org["pa1"], email="collega@example.org"), edition)
        place(make_user(centre=org["pa2"], email="altro.centro@example.org"), edition)
        client.force_login(centre_manager)
        assert "CPI Palermo Centro" in page_text(client.get("/la-mia-formazione/personale/"))
        text = page_text(client.get(f"/la-mia-formazione/personale/centri/{org['pa1'].code}/"))
        assert "collega@example.org" not in text  # names, not addresses
        assert "Cognome" in text and "1 iscrizione" in text
        url = f"/la-mia-formazione/personale/centri/{org['pa2'].code}/"
        assert client.get(url).status_code == 404

    def test_a_cluster_lead_sees_their_cluster(
        self, client, edition, cluster_lead, make_user, place, org
    ):
        inside = make_user(centre=org["pa2"], last_name="Nelcluster")
        outside = make_user(centre=org["sr1"], last_name="Fuoricluster")
        place(inside, edition)
        place(outside, edition)
        client.force_login(cluster_lead)
        text = page_text(client.get(f"/la-mia-formazione/personale/cluster/{org['north'].code}/"))
        assert "Nelcluster" in text and "Fuoricluster" not in text
        url = f"/la-mia-formazione/personale/cluster/{org['south'].code}/"
        assert client.get(url).status_code == 404

    def test_operators_have_no_staff_pages(self, client, operator, org):
        client.force_login(operator)
        assert client.get("/la-mia-formazione/personale/").status_code == 404
        url = f"/la-mia-formazione/personale/centri/{org['pa1'].code}/"
        assert client.get(url).status_code == 404


def test_selectors_keep_their_public_answers(edition, operator, teacher, place, make_user):
    from courses import selectors

    assert not selectors.teaches_edition(teacher, edition)
    edition.teachers.add(teacher)
    assert selectors.teaches_edition(teacher, edition)
    assert list(selectors.editions_taught_by(teacher)) == [edition]
    place(operator, edition, Enrolment.Status.WAITLISTED)
    assert not selectors.has_place_in_edition(operator, edition)
    assert edition in selectors.upcoming_editions()
    edition.starts_on = timezone.localdate() - timedelta(days=1)
    edition.save()
    assert edition not in selectors.upcoming_editions()
    assert make_user(role=Role.OPERATOR) is not None
