"""Bulk enrolment from CSV/XLSX: preview, errors by line, all or nothing, through the admin."""

import io
import re

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from courses import services
from courses.imports import Action, plan_import, read_enrolment_file
from courses.models import Edition, Enrolment
from website.accounts.models import User
from website.core.exceptions import Refused

IMPORT_URL = "/admin/formazione/iscrizioni/importa/"
HEADER = "email;nome;cognome;centro;edizione\n"


def csv_upload(text, *, name="iscrizioni.csv", encoding="utf-8-sig"):
    return SimpleUploadedFile(name, text.encode(encoding), content_type="text/csv")


def xlsx_upload(rows, *, name="iscrizioni.xlsx"):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue())


@pytest.fixture
def two_editions(make_edition):
    return make_edition(code="UD1-PA-01", capacity=3), make_edition(code="UD1-PA-02", capacity=1)


@pytest.fixture
def good_csv(two_editions, operator):
    return (
        HEADER
        + "lucia.amato@example.org;Lucia;Amato;CPI-T-PA01;UD1-PA-01\n"
        + "Operatore@Example.org;Giuseppe;Bruno;CPI-T-PA01;ud1-pa-01\n"
        + "\n"  # blank lines are skipped, numbering follows the file
        + "rosario.d'amico@example.org;Rosario;D'Amico;cpi-t-sr01;UD1-PA-02\n"
    )


class TestReading:
    def test_reads_a_semicolon_csv_with_bom_and_keeps_file_line_numbers(self, good_csv):
        lines = read_enrolment_file(csv_upload(good_csv))
        assert [line.number for line in lines] == [2, 3, 5]
        assert lines[1].email == "operatore@example.org"
        assert lines[2].centre == "CPI-T-SR01"
        assert lines[2].last_name == "D'Amico"

    def test_reads_a_comma_csv_with_english_headings(self):
        lines = read_enrolment_file(
            csv_upload(
                "Email,First name,Last name,Centre code,Edition code\na@b.it,A,B,X,Y\n",
                encoding="utf-8",
            )
        )
        assert (lines[0].first_name, lines[0].edition) == ("A", "Y")

    def test_reads_xlsx(self):
        lines = read_enrolment_file(
            xlsx_upload(
                [
                    ["Nome", "Cognome", "Email", "Centro", "Edizione"],
                    ["Anna", "Russo", "anna.russo@example.org", "CPI-T-PA02", "UD1-PA-01"],
                    [None, None, None, None, None],
                ]
            )
        )
        assert len(lines) == 1
        assert (lines[0].email, lines[0].centre) == ("anna.russo@example.org", "CPI-T-PA02")

    @pytest.mark.parametrize(
        ("upload", "message"),
        [
            (csv_upload(HEADER + "a@b.it;Niccolò;Ré;X;Y\n", encoding="latin-1"), "UTF-8"),
            (
                csv_upload("email;nome;edizione\na@b.it;A;Y\n"),
                "Mancano le colonne: cognome, centro",
            ),
            (csv_upload(""), "vuoto"),
            (csv_upload("\n\n  \n"), "vuoto"),
            (csv_upload(HEADER), "solo la riga di intestazione"),
            (SimpleUploadedFile("iscrizioni.xlsx", b"not a zip"), "XLSX"),
            (SimpleUploadedFile("iscrizioni.pdf", b"%PDF-1.4"), "CSV o XLSX"),
            (SimpleUploadedFile("iscrizioni.csv", b"\x00\x01\x02binary"), "CSV di testo"),
        ],
        ids=[
            "latin1",
            "missing-columns",
            "empty",
            "blank",
            "header-only",
            "bad-xlsx",
            "pdf",
            "binary",
        ],
    )
    def test_refuses_files_it_cannot_read_with_a_clear_message(self, upload, message):
        with pytest.raises(Refused) as error:
            read_enrolment_file(upload)
        assert message in error.value.message


class TestPlanning:
    def test_says_what_each_line_will_do(self, good_csv, operator, django_assert_max_num_queries):
        lines = read_enrolment_file(csv_upload(good_csv))
        with django_assert_max_num_queries(6):
            plan = plan_import(lines)
        assert plan.is_valid
        assert [p.action for p in plan.lines] == [
            Action.CREATE_AND_ENROL,
            Action.ENROL,
            Action.CREATE_AND_ENROL,
        ]
        assert plan.lines[1].person == operator

    def test_names_every_wrong_line(self, two_editions, operator, place, make_user, org):
        place(operator, two_editions[1])  # the only place of UD1-PA-02
        text = (
            HEADER
            + "non-una-email;A;B;CPI-T-PA01;UD1-PA-01\n"
            + "x@example.org;;B;CPI-T-PA01;UD1-PA-01\n"
            + "y@example.org;A;B;CPI-NESSUNO;UD1-PA-01\n"
            + "z@example.org;A;B;CPI-T-PA01;UD9-NESSUNA\n"
            + "operatore@example.org;G;B;CPI-T-PA01;UD1-PA-01\n"  # holds a place in UD1-PA-02
            + "k@example.org;K;K;CPI-T-PA01;UD1-PA-01\n"
            + "k@example.org;K;K;CPI-T-PA01;UD1-PA-02\n"  # same person, same course
            + "j@example.org;J;J;;UD1-PA-01\n"  # a new person needs a centre
        )
        plan = plan_import(read_enrolment_file(csv_upload(text)))
        errors = {p.line.number: " ".join(p.errors) for p in plan.error_lines}
        assert sorted(errors) == [2, 3, 4, 5, 6, 8, 9]
        assert "non è un indirizzo email valido" in errors[2]
        assert "Manca il nome" in errors[3]
        assert "CPI-NESSUNO" in errors[4]
        assert "UD9-NESSUNA" in errors[5]
        assert "UD1-PA-02" in errors[6]
        assert "riga 7" in errors[8]
        assert "Manca il codice del centro" in errors[9]

    def test_a_person_already_placed_in_that_edition_changes_nothing(
        self, two_editions, operator, place
    ):
        place(operator, two_editions[0])
        plan = plan_import(
            read_enrolment_file(
                csv_upload(HEADER + "operatore@example.org;G;B;CPI-T-PA01;UD1-PA-01\n")
            )
        )
        assert plan.is_valid
        assert plan.lines[0].action == Action.NOTHING

    def test_a_pending_request_is_confirmed(self, two_editions, operator, place):
        place(operator, two_editions[0], Enrolment.Status.REQUESTED)
        plan = plan_import(
            read_enrolment_file(
                csv_upload(HEADER + "operatore@example.org;G;B;CPI-T-PA01;UD1-PA-01\n")
            )
        )
        assert plan.lines[0].action == Action.CONFIRM


class TestApplying:
    def test_enrols_everyone_and_creates_new_people(
        self, good_csv, operator, training_manager, mailoutbox, committed
    ):
        lines = read_enrolment_file(csv_upload(good_csv))
        with committed():
            services.enrolments_import(lines=lines, by=training_manager)
        placed = Enrolment.objects.filter(status="approved", source="import")
        assert placed.count() == 3
        lucia = User.objects.get(email="lucia.amato@example.org")
        assert (lucia.first_name, lucia.centre.code) == ("Lucia", "CPI-T-PA01")
        assert not lucia.has_usable_password()
        assert len(mailoutbox) == 3
        lucia_mail = next(m for m in mailoutbox if m.to == [lucia.email])
        assert "/account/password/reset/" in lucia_mail.body
        operator_mail = next(m for m in mailoutbox if m.to == [operator.email])
        assert "/account/password/reset/" not in operator_mail.body

    def test_nothing_is_written_when_the_state_changed_after_the_preview(
        self, two_editions, make_user, training_manager, place, mailoutbox, committed
    ):
        text = (
            HEADER
            + "nuova@example.org;Nuova;Persona;CPI-T-PA01;UD1-PA-01\n"
            + "altra@example.org;Altra;Persona;CPI-T-PA01;UD1-PA-02\n"
        )
        lines = read_enrolment_file(csv_upload(text))
        preview = plan_import(lines)
        assert [p.action for p in preview.lines] == [Action.CREATE_AND_ENROL] * 2
        place(make_user(), two_editions[1])  # someone takes the last place meanwhile
        with committed(), pytest.raises(services.ImportRejected) as rejected:
            services.enrolments_import(
                lines=lines,
                by=training_manager,
                expected_actions=[p.action for p in preview.lines],
            )
        # The new plan would put line 3 on the waiting list: not what the preview said.
        changed = [p for p in rejected.value.plan.lines if p.notes]
        assert [(p.line.number, p.action) for p in changed] == [(3, Action.CREATE_AND_WAITLIST)]
        assert not User.objects.filter(email__in=["nuova@example.org", "altra@example.org"])
        assert Enrolment.objects.filter(source="import").count() == 0
        assert mailoutbox == []


class TestAdminImport:
    def test_preview_then_confirm(self, client, training_manager, good_csv, mailoutbox):
        client.force_login(training_manager)
        assert client.get(IMPORT_URL).status_code == 200
        preview = client.post(IMPORT_URL, {"file": csv_upload(good_csv)})
        html = preview.content.decode()
        assert preview.status_code == 200
        assert "Conferma e importa" in html
        assert "lucia.amato@example.org" in html
        assert Enrolment.objects.count() == 0  # a preview writes nothing
        payload = re.search(r'name="payload" value="([^"]+)"', html).group(1)
        done = client.post(IMPORT_URL, {"payload": payload}, follow=True)
        assert "Importazione completata: 3 posti confermati, 2 account nuovi." in (
            done.content.decode()
        )
        assert Enrolment.objects.filter(source="import").count() == 3

    def test_a_file_with_one_bad_line_imports_nothing_and_names_the_line(
        self, client, training_manager, two_editions
    ):
        client.force_login(training_manager)
        text = (
            HEADER
            + "a@example.org;Anna;Amato;CPI-T-PA01;UD1-PA-01\n"
            + "b@example.org;Bruno;Bianchi;CPI-T-PA01;UD1-INESISTENTE\n"
        )
        response = client.post(IMPORT_URL, {"file": csv_upload(text)})
        html = response.content.decode()
        assert "1 riga contiene errori" in html
        assert "UD1-INESISTENTE" in html
        assert "Conferma e importa" not in html
        assert 'name="payload"' not in html
        assert not User.objects.filter(email="a@example.org").exists()

    @pytest.mark.parametrize(
        ("upload", "message"),
        [
            (lambda: csv_upload(HEADER + "a@b.it;Niccolò;Ré;X;Y\n", encoding="cp1252"), "UTF-8"),
            (lambda: csv_upload("email;nome\na@b.it;A\n"), "Mancano le colonne"),
            (lambda: csv_upload(""), "vuoto"),
        ],
    )
    def test_unreadable_files_are_refused_in_the_form(
        self, client, training_manager, upload, message
    ):
        client.force_login(training_manager)
        response = client.post(IMPORT_URL, {"file": upload()})
        assert response.status_code == 200
        assert message in response.content.decode()
        assert Enrolment.objects.count() == 0

    def test_no_file_is_a_form_error(self, client, training_manager):
        client.force_login(training_manager)
        response = client.post(IMPORT_URL, {})
        assert response.status_code == 200
        assert Enrolment.objects.count() == 0

    def test_a_tampered_payload_is_refused(self, client, training_manager, two_editions):
        client.force_login(training_manager)
        response = client.post(IMPORT_URL, {"payload": "forged:payload"}, follow=True)
        assert "anteprima è scaduta o non è valida" in response.content.decode()
        assert Enrolment.objects.count() == 0

    @pytest.mark.parametrize("who", ["operator", "teacher", "editor"])
    def test_only_training_managers_may_import(self, client, request, who, good_csv):
        client.force_login(request.getfixturevalue(who))
        response = client.post(IMPORT_URL, {"file": csv_upload(good_csv)})
        assert response.status_code in (302, 403)
        assert client.get("/admin/formazione/iscrizioni/importa/modello.csv").status_code in (
            302,
            403,
        )
        assert Enrolment.objects.count() == 0

    def test_template_file_has_the_expected_headings(self, client, training_manager):
        client.force_login(training_manager)
        response = client.get("/admin/formazione/iscrizioni/importa/modello.csv")
        first_line = response.content.decode("utf-8-sig").splitlines()[0]
        assert first_line == "email,nome,cognome,centro,edizione"


def test_edition_codes_match_in_any_case(two_editions):
    assert Edition.objects.filter(code="UD1-PA-01").exists()
    plan = plan_import(
        read_enrolment_file(csv_upload(HEADER + "q@example.org;Q;Q;CPI-T-PA01;ud1-pa-01\n"))
    )
    assert plan.lines[0].edition == two_editions[0]
