"""Enrolment files that used to end in a 500: many new people, huge cells, odd line endings, bombs."""

import io
import zipfile

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from courses.imports import Action, plan_import, read_enrolment_file
from courses.models import Enrolment
from website.accounts.models import User
from website.core.exceptions import Refused

pytestmark = pytest.mark.django_db

IMPORT_URL = "/admin/formazione/iscrizioni/importa/"
HEADER = "email;nome;cognome;centro;edizione"
LINES = [
    "lucia.amato@example.org;Lucia;Amato;CPI-T-PA01;UD1-BIG",
    "mario.rossi@example.org;Mario;Rossi;CPI-T-PA01;UD1-BIG",
    "anna.verdi@example.org;Anna;Verdi;CPI-T-PA02;UD1-BIG",
]


def csv_upload(text: str) -> SimpleUploadedFile:
    return SimpleUploadedFile("iscrizioni.csv", text.encode("utf-8"), content_type="text/csv")


def many_lines(count: int) -> str:
    rows = [f"Persona.{n}@Example.org;Nome{n};Cognome{n};CPI-T-PA01;UD1-BIG" for n in range(count)]
    return "\n".join([HEADER, *rows]) + "\n"


def xlsx_with_sheet(sheet_xml: bytes) -> bytes:
    """A real workbook whose first sheet is replaced by ``sheet_xml`` (highly compressible)."""
    workbook = openpyxl.Workbook()
    workbook.active.append(["email"])
    plain = io.BytesIO()
    workbook.save(plain)
    output = io.BytesIO()
    with (
        zipfile.ZipFile(plain) as source,
        zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as target,
    ):
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                data = sheet_xml
            target.writestr(info.filename, data)
    return output.getvalue()


def sheet_of_rows(count: int) -> bytes:
    rows = b"".join(
        b'<row r="%d"><c r="A%d" t="inlineStr"><is><t>x</t></is></c></row>' % (n, n)
        for n in range(1, count + 1)
    )
    return (
        b'<?xml version="1.0" encoding="UTF-8"?>'
        b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        b"<sheetData>" + rows + b"</sheetData></worksheet>"
    )


@pytest.fixture
def big_edition(make_edition):
    return make_edition(code="UD1-BIG", capacity=5000)


class TestLineEndings:
    @pytest.mark.parametrize("newline", ["\r", "\r\n", "\n"], ids=["cr", "crlf", "lf"])
    def test_every_line_ending_reads_the_same(self, newline):
        lines = read_enrolment_file(csv_upload(newline.join([HEADER, *LINES]) + newline))
        assert [line.email for line in lines] == [
            "lucia.amato@example.org",
            "mario.rossi@example.org",
            "anna.verdi@example.org",
        ]
        assert [line.number for line in lines] == [2, 3, 4]
        assert lines[2].edition == "UD1-BIG"


def test_names_lose_bidi_controls():
    text = "\n".join([HEADER, "a@b.it;Anna\u202e;\u2067Rossi\u2069;CPI-T-PA01;UD1-BIG"])
    (line,) = read_enrolment_file(csv_upload(text))
    assert (line.first_name, line.last_name) == ("Anna", "Rossi")


class TestHugeCells:
    @pytest.mark.parametrize("size", [1001, 200_000])
    def test_a_cell_too_long_is_refused_with_its_line(self, size):
        text = "\n".join([HEADER, LINES[0], f"a@b.it;{'x' * size};B;C;D", LINES[1]]) + "\n"
        with pytest.raises(Refused) as error:
            read_enrolment_file(csv_upload(text))
        assert error.value.message == "Riga 3: una cella supera i 1000 caratteri."

    def test_an_xlsx_cell_too_long_is_refused_too(self):
        workbook = openpyxl.Workbook()
        workbook.active.append(HEADER.split(";"))
        workbook.active.append(["a@b.it", "y" * 5000, "B", "C", "D"])
        buffer = io.BytesIO()
        workbook.save(buffer)
        with pytest.raises(Refused) as error:
            read_enrolment_file(SimpleUploadedFile("iscrizioni.xlsx", buffer.getvalue()))
        assert error.value.message == "Riga 2: una cella supera i 1000 caratteri."

    def test_a_new_persons_name_longer_than_its_column_is_a_line_error(self, big_edition):
        text = "\n".join([HEADER, LINES[0], f"a@b.it;{'x' * 151};B;CPI-T-PA01;UD1-BIG"])
        plan = plan_import(read_enrolment_file(csv_upload(text)))
        assert [p.line.number for p in plan.error_lines] == [3]
        assert plan.error_lines[0].errors == ["La colonna nome supera i 150 caratteri."]

    def test_the_admin_shows_the_error_and_imports_nothing(
        self, client, training_manager, big_edition
    ):
        client.force_login(training_manager)
        text = "\n".join([HEADER, LINES[0], f"a@b.it;{'x' * 200_000};B;CPI-T-PA01;UD1-BIG"])
        response = client.post(IMPORT_URL, {"file": csv_upload(text)})
        assert response.status_code == 200
        assert "Riga 3: una cella supera i 1000 caratteri." in response.content.decode()
        assert 'name="payload"' not in response.content.decode()
        assert not User.objects.filter(email="lucia.amato@example.org").exists()
        assert not Enrolment.objects.exists()


class TestManyNewPeople:
    def test_three_thousand_new_people_are_planned_on_any_database(self, big_edition, operator):
        text = many_lines(2999) + f"{operator.email.upper()};X;Y;CPI-T-PA01;UD1-BIG\n"
        lines = read_enrolment_file(csv_upload(text))
        assert len(lines) == 3000
        plan = plan_import(lines)
        assert plan.is_valid
        assert plan.count(Action.CREATE_AND_ENROL) == 2999
        assert plan.lines[-1].person == operator

    def test_more_than_three_thousand_are_refused(self):
        with pytest.raises(Refused) as error:
            read_enrolment_file(csv_upload(many_lines(3001)))
        assert "più di 3000 righe" in error.value.message


class TestSpreadsheetBombs:
    def test_an_xlsx_that_inflates_too_much_is_refused_before_reading(self):
        data = xlsx_with_sheet(sheet_of_rows(400_000))
        assert len(data) < 2 * 1024 * 1024
        with pytest.raises(Refused) as error:
            read_enrolment_file(SimpleUploadedFile("iscrizioni.xlsx", data))
        assert "troppo grande una volta aperto" in error.value.message

    def test_reading_an_xlsx_stops_past_the_row_limit(self):
        data = xlsx_with_sheet(sheet_of_rows(100_000))
        with pytest.raises(Refused) as error:
            read_enrolment_file(SimpleUploadedFile("iscrizioni.xlsx", data))
        assert "più di 3000 righe" in error.value.message
