"""The import preview states exactly what the import then does, for every kind of line.

Each test plans a file (the preview), applies it, and compares line by line:
the planned outcome with the person's enrolment afterwards, the accounts the
plan said it would create with those created, and the preview's counts with
the changes in the database. People with an account are found by email alone.
"""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from courses import services
from courses.imports import CREATES_ACCOUNT, Action, plan_import, read_enrolment_file
from courses.models import Course, Edition, Enrolment
from website.accounts.models import User

pytestmark = pytest.mark.django_db

IMPORT_URL = "/admin/formazione/iscrizioni/importa/"
HEADER = "email;nome;cognome;centro;edizione\n"


def csv_upload(text):
    return SimpleUploadedFile("iscrizioni.csv", text.encode("utf-8"), content_type="text/csv")


@pytest.fixture
def editions(make_edition, course, programme):
    second = Course.objects.create(programme=programme, code="UD2", title="Politiche", slug="ud2")
    third = Course.objects.create(programme=programme, code="UD3", title="Servizi", slug="ud3")
    return {
        "open": make_edition(code="AC1-PA-01", capacity=10),
        "full": make_edition(course=second, code="AC2-PA-01", capacity=2),
        "closed": make_edition(course=third, code="AC3-PA-01", status=Edition.Status.CLOSED),
        "cancelled": make_edition(course=third, code="AC3-PA-02", status=Edition.Status.CANCELLED),
        "other_open": make_edition(code="AC1-PA-02"),
    }


@pytest.fixture
def people(make_user, org, place, editions):
    """Accounts in every situation a line can meet."""
    made = {
        name: make_user(
            email=f"{name}@example.org", first_name=name.title(), last_name="Rossi", centre=org["pa1"]
        )
        for name in (
            "anna", "bruno", "dario", "elena", "gina", "ivo", "lia", "mara", "nino", "olga",
        )
    }  # fmt: skip
    place(made["bruno"], editions["open"])
    place(made["dario"], editions["open"], Enrolment.Status.REQUESTED)
    place(made["nino"], editions["full"])
    place(made["olga"], editions["full"])
    place(made["gina"], editions["full"], Enrolment.Status.REQUESTED)
    place(made["ivo"], editions["full"], Enrolment.Status.WAITLISTED)
    return made


# Every kind of line that imports: (line, the action the preview must show).
VALID_LINES = [
    ("anna@example.org;;;;AC1-PA-01", Action.ENROL),  # an account: the email is enough
    ("bruno@example.org;Bruno;Rossi;CPI-T-PA01;AC1-PA-01", Action.NOTHING),  # already placed
    ("carla@example.org;Carla;Verdi;CPI-T-PA02;AC1-PA-01", Action.CREATE_AND_ENROL),
    ("carla@example.org;Carla;Verdi;CPI-T-PA02;AC1-PA-01", Action.DUPLICATE),
    ("dario@example.org;Dario;Bianchi;CPI-T-SR01;AC1-PA-01", Action.CONFIRM),  # their request
    ("elena@example.org;;;;AC2-PA-01", Action.WAITLIST),  # the edition is full
    ("franco@example.org;Franco;Neri;CPI-T-PA01;AC2-PA-01", Action.CREATE_AND_WAITLIST),
    ("gina@example.org;;;;AC2-PA-01", Action.WAITLIST),  # a request in a full edition
    ("ivo@example.org;;;;AC2-PA-01", Action.ALREADY_WAITING),
    ("lia@example.org;;;;ac1-pa-01", Action.ENROL),  # the code in another case
    ("MARA@Example.org;;;;AC1-PA-01", Action.ENROL),  # the email in another case
]


def _state():
    """Every enrolment's (status, decided_at) and every account's (name, centre), by email."""
    enrolments = {
        (e.user.email, e.edition.code): (e.status, e.decided_at)
        for e in Enrolment.objects.select_related("user", "edition")
    }
    accounts = {u.email: (u.first_name, u.last_name, u.centre_id) for u in User.objects.all()}
    return enrolments, accounts


def test_every_kind_of_line_does_what_the_preview_said(
    people, editions, training_manager, committed, mailoutbox
):
    lines = read_enrolment_file(csv_upload(HEADER + "\n".join(line for line, _ in VALID_LINES)))
    preview = plan_import(lines)
    assert preview.is_valid, [(p.line.number, p.errors) for p in preview.error_lines]
    assert [p.action for p in preview.lines] == [action for _, action in VALID_LINES]
    dario = preview.lines[4]
    assert "resta quello dell'account (Dario Rossi)" in " ".join(dario.notes)
    assert "Il centro nel file è diverso" in " ".join(dario.notes)
    assert "Uguale alla riga 4" in " ".join(preview.lines[3].notes)
    counts = preview.counts()
    assert (counts.confirmed, counts.waitlisted, counts.created, counts.unchanged) == (5, 3, 2, 3)

    enrolments_before, accounts_before = _state()
    with committed():
        applied = services.enrolments_import(
            lines=lines, by=training_manager, expected_actions=[p.action for p in preview.lines]
        )
    enrolments_after, accounts_after = _state()

    assert [p.action for p in applied.lines] == [p.action for p in preview.lines]
    for planned in preview.lines:
        email, code = planned.line.email, planned.edition.code
        key = (email, code)
        if planned.action == Action.DUPLICATE:  # the line it repeats made the only change
            assert Enrolment.objects.filter(user__email=email, edition__code=code).count() == 1
        elif planned.outcome is None:  # the line changes nothing
            assert enrolments_after.get(key) == enrolments_before.get(key), planned.line
        else:
            assert enrolments_after[key][0] == planned.outcome, planned.line
    # The accounts made are exactly the new people's; existing accounts keep name and centre.
    created = set(accounts_after) - set(accounts_before)
    assert created == {p.line.email for p in preview.lines if p.action in CREATES_ACCOUNT}
    assert all(accounts_after[email] == values for email, values in accounts_before.items())
    assert User.objects.get(email="franco@example.org").centre.code == "CPI-T-PA01"
    # The counts are the changes in the database.
    changed = {k: v for k, v in enrolments_after.items() if enrolments_before.get(k) != v}
    statuses = [status for status, _ in changed.values()]
    assert statuses.count(Enrolment.Status.APPROVED) == counts.confirmed
    assert statuses.count(Enrolment.Status.WAITLISTED) == counts.waitlisted
    assert len(created) == counts.created
    assert len(changed) == len(preview.lines) - counts.unchanged
    # Everyone whose enrolment changed got one email; a new person waiting learns how to log in.
    assert sorted(m.to[0] for m in mailoutbox) == sorted(email for email, _ in changed)
    franco = next(m for m in mailoutbox if m.to == ["franco@example.org"])
    assert "lista d'attesa" in franco.body
    assert "/account/password/reset/" in franco.body


# Every kind of wrong line: (line, words of its message). Nothing is imported with it.
WRONG_LINES = [
    ("nuova@example.org;Nuova;Persona;CPI-NESSUNO;AC1-PA-01", "«CPI-NESSUNO» non esiste"),
    ("anna@example.org;;;CPI-NESSUNO;AC1-PA-01", "«CPI-NESSUNO» non esiste"),
    ("nuova@example.org;Nuova;Persona;CPI-T-PA01;AC3-PA-01", "è chiusa"),
    ("anna@example.org;;;;AC3-PA-02", "è annullata"),
    ("nuova@example.org;Nuova;Persona;CPI-T-PA01;AC9-NESSUNA", "«AC9-NESSUNA» non esiste"),
    ("bruno@example.org;;;;AC1-PA-02", "nell'edizione AC1-PA-01 dello stesso corso"),
    ("nuova@example.org;;Persona;CPI-T-PA01;AC1-PA-01", "Manca il nome"),
    ("nuova@example.org;Nuova;Persona;;AC1-PA-01", "Manca il codice del centro"),
    ("nuova@example;Nuova;Persona;CPI-T-PA01;AC1-PA-01", "non è un indirizzo email valido"),
    ("anna@example.org;;;;", "Manca il codice dell'edizione"),
]


@pytest.mark.parametrize(("wrong", "message"), WRONG_LINES)
def test_a_wrong_line_is_named_and_the_import_changes_nothing(
    people, editions, training_manager, committed, mailoutbox, wrong, message
):
    text = HEADER + "lia@example.org;;;;AC1-PA-01\n" + wrong + "\n"
    lines = read_enrolment_file(csv_upload(text))
    preview = plan_import(lines)
    assert [p.line.number for p in preview.error_lines] == [3]
    assert message in " ".join(preview.lines[1].errors)
    before = _state()
    with committed(), pytest.raises(services.ImportRejected):
        services.enrolments_import(lines=lines, by=training_manager)
    assert _state() == before
    assert mailoutbox == []


def test_a_late_change_of_places_is_shown_again_instead_of_imported(
    people, editions, training_manager, make_user, place
):
    """The preview promised a place; someone took the last one: nothing is imported."""
    editions["full"].capacity = 3
    editions["full"].save(update_fields=["capacity"])
    lines = read_enrolment_file(csv_upload(HEADER + "elena@example.org;;;;AC2-PA-01\n"))
    preview = plan_import(lines)
    assert preview.lines[0].action == Action.ENROL
    place(make_user(), editions["full"])
    before = _state()
    with pytest.raises(services.ImportRejected) as rejected:
        services.enrolments_import(
            lines=lines, by=training_manager, expected_actions=[Action.ENROL]
        )
    assert rejected.value.plan.lines[0].action == Action.WAITLIST
    assert rejected.value.plan.lines[0].notes == ["Diversa dall'anteprima precedente."]
    assert _state() == before


def _summary(html, marker):
    text = " ".join(re.sub(r"<[^>]+>", " ", html).split()).replace("&#x27;", "'")
    return re.search(re.escape(marker) + r" ([^.]*)\.", text).group(1)


def test_the_result_page_says_what_the_preview_said(client, people, editions, training_manager):
    """Two people with accounts, no name or centre typed: two places, no new people."""
    client.force_login(training_manager)
    text = HEADER + "anna@example.org;;;;AC1-PA-01\nelena@example.org;;;;AC1-PA-01\n"
    preview = client.post(IMPORT_URL, {"file": csv_upload(text)}).content.decode()
    promised = _summary(preview, "Confermando, l'importazione farà:")
    assert promised == "2 posti confermati"
    payload = re.search(r'name="payload" value="([^"]+)"', preview).group(1)
    done = client.post(IMPORT_URL, {"payload": payload}, follow=True).content.decode()
    assert _summary(done, "Importazione completata:") == promised
    assert Enrolment.objects.filter(source="import", status="approved").count() == 2


def test_the_preview_shows_each_kind_and_its_notes(client, people, editions, training_manager):
    client.force_login(training_manager)
    text = HEADER + "\n".join(line for line, _ in VALID_LINES) + "\n"
    html = client.post(IMPORT_URL, {"file": csv_upload(text)}).content.decode()
    summary = _summary(html, "Confermando, l'importazione farà:")
    assert summary == (
        "5 posti confermati, 3 persone in lista d'attesa, 2 account nuovi, 3 righe senza modifiche"
    )
    page = html.replace("&#x27;", "'")
    assert "Nuova persona: account creato e messa in lista d'attesa (edizione al completo)" in page
    assert "Ripete una riga precedente: nessuna modifica" in page
    assert "resta quello dell'account (Dario Rossi)" in page
    assert Enrolment.objects.filter(source="import").count() == 0  # a preview writes nothing


def test_a_payload_from_before_this_version_is_refused(client, training_manager, editions):
    from django.core import signing

    from courses.admin_views import IMPORT_SALT

    client.force_login(training_manager)
    old = signing.dumps({"lines": [], "file": "x.csv"}, salt=IMPORT_SALT, compress=True)
    response = client.post(IMPORT_URL, {"payload": old}, follow=True)
    assert "anteprima è scaduta o non è valida" in response.content.decode()
