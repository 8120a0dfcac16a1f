"""Bulk enrolment from a CSV or XLSX file: read, plan (the preview), then apply all or nothing.

A file has one person per line with the columns *email*, *nome*, *cognome*,
*centro* (the centre's code, e.g. CPI-PA01) and *edizione* (the edition's
code). ``read_enrolment_file`` turns the upload into ``Line`` objects or
refuses the whole file with one clear message (encoding, format, missing
columns, empty, a cell over 1,000 characters, more than 3,000 lines, an
XLSX that would inflate too much). ``plan_import`` says what each line
would do and lists every problem by line number; it reads the database in a
few queries per 500 lines. ``services.enrolments_import`` applies a plan
only when no line is wrong.
"""

import csv
import io
import zipfile
from collections import Counter
from dataclasses import asdict, dataclass, field
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db.models import CharField
from django.db.models.functions import Lower
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from website.accounts.models import EmploymentCentre, User
from website.core.archives import ArchiveTooLarge, check_zip_sizes
from website.core.exceptions import Refused
from website.core.text import strip_bidi_controls

from .models import Edition, Enrolment

MAX_FILE_BYTES = 2 * 1024 * 1024
MAX_LINES = 3000
# Reading stops past this many rows (blank ones included): the file is refused anyway.
MAX_READ_ROWS = 2 * MAX_LINES
MAX_CELL_CHARACTERS = 1000
LOOKUP_BATCH = 500  # values in one IN (…) of a lookup
MAX_XLSX_BYTES = 20 * 1024 * 1024  # all parts of an XLSX once inflated
MAX_XLSX_COLUMNS = 50
ALLOWED_SUFFIXES = (".csv", ".xlsx")

# Column → the headings accepted for it (compared lower-case, "_" read as a space).
COLUMNS = {
    "email": ("email", "e-mail", "indirizzo email", "posta elettronica"),
    "first_name": ("nome", "first name"),
    "last_name": ("cognome", "last name", "surname"),
    "centre": ("centro", "codice centro", "cpi", "centre", "centre code"),
    "edition": ("edizione", "codice edizione", "edition", "edition code"),
}
COLUMN_LABELS = {
    "email": gettext_lazy("email"),
    "first_name": gettext_lazy("nome"),
    "last_name": gettext_lazy("cognome"),
    "centre": gettext_lazy("centro"),
    "edition": gettext_lazy("edizione"),
}
TEMPLATE_HEADER = ["email", "nome", "cognome", "centro", "edizione"]


@dataclass(frozen=True)
class Line:
    number: int  # the line in the file, the heading being line 1
    email: str
    first_name: str
    last_name: str
    centre: str
    edition: str

    def as_dict(self):
        return asdict(self)


class Action:
    CREATE_AND_ENROL = "create_and_enrol"
    CREATE_AND_WAITLIST = "create_and_waitlist"
    ENROL = "enrol"
    WAITLIST = "waitlist"
    CONFIRM = "confirm"
    NOTHING = "nothing"
    ALREADY_WAITING = "already_waiting"
    DUPLICATE = "duplicate"


ACTION_LABELS = {
    Action.CREATE_AND_ENROL: gettext_lazy("Nuova persona: account creato e posto confermato"),
    Action.CREATE_AND_WAITLIST: gettext_lazy(
        "Nuova persona: account creato e messa in lista d'attesa (edizione al completo)"
    ),
    Action.ENROL: gettext_lazy("Persona già registrata: posto confermato"),
    Action.WAITLIST: gettext_lazy(
        "Persona già registrata: messa in lista d'attesa (edizione al completo)"
    ),
    Action.CONFIRM: gettext_lazy("Richiesta o lista d'attesa: posto confermato"),
    Action.NOTHING: gettext_lazy("Ha già un posto in questa edizione: nessuna modifica"),
    Action.ALREADY_WAITING: gettext_lazy(
        "Già in lista d'attesa ed edizione al completo: nessuna modifica"
    ),
    Action.DUPLICATE: gettext_lazy("Ripete una riga precedente: nessuna modifica"),
}
# What each action leaves the person with in the edition; actions not listed change nothing.
OUTCOMES = {
    Action.CREATE_AND_ENROL: Enrolment.Status.APPROVED,
    Action.ENROL: Enrolment.Status.APPROVED,
    Action.CONFIRM: Enrolment.Status.APPROVED,
    Action.CREATE_AND_WAITLIST: Enrolment.Status.WAITLISTED,
    Action.WAITLIST: Enrolment.Status.WAITLISTED,
}
CREATES_ACCOUNT = {Action.CREATE_AND_ENROL, Action.CREATE_AND_WAITLIST}


@dataclass
class PlannedLine:
    line: Line
    action: str = ""
    errors: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # what the line says that is not applied
    person: User | None = None
    centre: EmploymentCentre | None = None
    edition: Edition | None = None

    @property
    def action_label(self):
        return ACTION_LABELS.get(self.action, "")

    @property
    def outcome(self) -> str | None:
        """The enrolment status the line leaves, or None when it changes nothing."""
        return None if self.errors else OUTCOMES.get(self.action)

    @property
    def changes_something(self):
        return self.outcome is not None


@dataclass(frozen=True)
class ImportCounts:
    """What an import does, counted the same way for its preview and its result."""

    confirmed: int  # places confirmed (new people included)
    waitlisted: int  # people put on a waiting list (new people included)
    created: int  # accounts created
    unchanged: int  # lines that change nothing

    def phrases(self) -> list[str]:
        """One phrase per count that is not zero (or "nessuna modifica")."""
        phrases = [
            ngettext("%(n)d posto confermato", "%(n)d posti confermati", self.confirmed)
            % {"n": self.confirmed},
            ngettext(
                "%(n)d persona in lista d'attesa",
                "%(n)d persone in lista d'attesa",
                self.waitlisted,
            )
            % {"n": self.waitlisted},
            ngettext("%(n)d account nuovo", "%(n)d account nuovi", self.created)
            % {"n": self.created},
            ngettext("%(n)d riga senza modifiche", "%(n)d righe senza modifiche", self.unchanged)
            % {"n": self.unchanged},
        ]
        counts = (self.confirmed, self.waitlisted, self.created, self.unchanged)
        return [phrase for phrase, n in zip(phrases, counts, strict=True) if n] or [
            _("nessuna modifica")
        ]

    def __str__(self) -> str:
        return ", ".join(self.phrases())


@dataclass
class ImportPlan:
    lines: list[PlannedLine]

    @property
    def error_lines(self):
        return [planned for planned in self.lines if planned.errors]

    @property
    def is_valid(self):
        return bool(self.lines) and not self.error_lines

    def count(self, action):
        return sum(1 for planned in self.lines if planned.action == action and not planned.errors)

    def counts(self) -> ImportCounts:
        valid = [planned for planned in self.lines if not planned.errors]
        return ImportCounts(
            confirmed=sum(p.outcome == Enrolment.Status.APPROVED for p in valid),
            waitlisted=sum(p.outcome == Enrolment.Status.WAITLISTED for p in valid),
            created=sum(p.action in CREATES_ACCOUNT for p in valid),
            unchanged=sum(p.outcome is None for p in valid),
        )


# --- Reading ---------------------------------------------------------------------------


def _heading_key(text) -> str:
    return " ".join(str(text or "").replace("_", " ").lower().split())


def _map_columns(header) -> dict[str, int]:
    positions = {}
    keys = [_heading_key(cell) for cell in header]
    for column, accepted in COLUMNS.items():
        for index, key in enumerate(keys):
            if key in accepted:
                positions[column] = index
                break
    missing = [str(COLUMN_LABELS[column]) for column in COLUMNS if column not in positions]
    if missing:
        raise Refused(
            _("Mancano le colonne: %(missing)s. La prima riga deve contenere: %(expected)s.")
            % {"missing": ", ".join(missing), "expected": ", ".join(TEMPLATE_HEADER)}
        )
    return positions


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return " ".join(strip_bidi_controls(str(value)).split())


def _rows_from_csv(data: bytes):
    if b"\x00" in data:
        raise Refused(_("Il file non è un CSV di testo: salvalo come «CSV UTF-8»."))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise Refused(
            _(
                "Il file non è codificato in UTF-8. Salvalo da Excel o LibreOffice come "
                "«CSV UTF-8» e caricalo di nuovo."
            )
        ) from None
    # Old Mac files end lines with CR alone, Windows with CR LF: read all as LF.
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    first_line = text.split("\n", 1)[0]
    try:
        dialect = csv.Sniffer().sniff(first_line, delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text, newline=""), dialect)
    rows = []
    try:
        for row in reader:
            _check_cells(row, reader.line_num)
            rows.append(row)
            if len(rows) > MAX_READ_ROWS:
                raise _too_many_lines()
    except csv.Error as error:
        if "field limit" in str(error):  # the csv module's own limit, 131,072 characters
            raise _cell_too_long(reader.line_num) from None
        raise Refused(
            _("Riga %(line)d: la riga non si legge come CSV (controlla le virgolette).")
            % {"line": reader.line_num}
        ) from None
    return rows


def _too_many_lines():
    return Refused(_("Il file ha più di %(max)d righe: dividilo in più file.") % {"max": MAX_LINES})


def _cell_too_long(line_number):
    return Refused(
        _("Riga %(line)d: una cella supera i %(max)d caratteri.")
        % {"line": line_number, "max": MAX_CELL_CHARACTERS}
    )


def _check_cells(row, line_number):
    if any(len(str(cell)) > MAX_CELL_CHARACTERS for cell in row if cell is not None):
        raise _cell_too_long(line_number)


def _rows_from_xlsx(data: bytes):
    from openpyxl import load_workbook

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            check_zip_sizes(package, max_total_bytes=MAX_XLSX_BYTES, max_entry_bytes=MAX_XLSX_BYTES)
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except ArchiveTooLarge:
        raise Refused(
            _("Il foglio di calcolo è troppo grande una volta aperto: dividilo in più file.")
        ) from None
    except (zipfile.BadZipFile, KeyError, OSError, ValueError):
        raise Refused(_("Il file non è un foglio di calcolo XLSX leggibile.")) from None
    try:
        sheet = workbook.worksheets[0]
        rows = []
        for number, row in enumerate(
            sheet.iter_rows(max_col=MAX_XLSX_COLUMNS, values_only=True), 1
        ):
            _check_cells(row, number)
            rows.append(list(row))
            if number > MAX_READ_ROWS:
                raise _too_many_lines()
        return rows
    finally:
        workbook.close()


def read_enrolment_file(upload) -> list[Line]:
    """The lines of an uploaded CSV or XLSX file, or Refused."""
    suffix = Path(upload.name or "").suffix.lower()
    if suffix not in ALLOWED_SUFFIXES:
        raise Refused(_("Carica un file CSV o XLSX."))
    if upload.size > MAX_FILE_BYTES:
        raise Refused(_("Il file supera i 2 MB: dividilo in più file."))
    data = upload.read()
    if not data.strip():
        raise Refused(_("Il file è vuoto."))
    rows = _rows_from_xlsx(data) if suffix == ".xlsx" else _rows_from_csv(data)
    rows = [(number, [_cell(value) for value in row]) for number, row in enumerate(rows, 1)]
    rows = [(number, cells) for number, cells in rows if any(cells)]
    if not rows:
        raise Refused(_("Il file è vuoto."))
    (_header_number, header), *body = rows
    positions = _map_columns(header)
    if not body:
        raise Refused(_("Il file contiene solo la riga di intestazione."))
    if len(body) > MAX_LINES:
        raise _too_many_lines()

    def value(cells, column):
        index = positions[column]
        return cells[index] if index < len(cells) else ""

    return [
        Line(
            number=number,
            email=value(cells, "email").lower(),
            first_name=value(cells, "first_name"),
            last_name=value(cells, "last_name"),
            centre=value(cells, "centre").upper(),
            edition=value(cells, "edition"),
        )
        for number, cells in body
    ]


def lines_from_dicts(items) -> list[Line]:
    return [Line(**item) for item in items]


# --- Planning --------------------------------------------------------------------------


def _chunks(values, size=LOOKUP_BATCH):
    values = sorted(values)
    return [values[start : start + size] for start in range(0, len(values), size)]


def _by_key(queryset, field_name, values) -> dict:
    """{value as written in the file: object} matching ``field_name`` without regard to case.

    Exact matches come first (they use the column's index); only values typed
    in another case are looked up again, lower-cased. Both go in batches, so
    3,000 new people make a handful of short queries, not one expression
    SQLite refuses as too large.
    """
    found: dict[str, object] = {}
    for chunk in _chunks(values):
        found.update(
            (getattr(obj, field_name).lower(), obj)
            for obj in queryset.filter(**{f"{field_name}__in": chunk})
        )
    missing = {value.lower() for value in values if value.lower() not in found}
    for chunk in _chunks(missing):
        found.update(
            (getattr(obj, field_name).lower(), obj)
            for obj in queryset.alias(_key=Lower(field_name)).filter(_key__in=chunk)
        )
    return {value: found[value.lower()] for value in values if value.lower() in found}


def _column_limit(name: str) -> int:
    """How many characters one of User's text columns holds."""
    field = User._meta.get_field(name)
    assert isinstance(field, CharField) and field.max_length is not None
    return field.max_length


def _too_long(line: Line) -> list[str]:
    """Messages for the values of a new person's line that their columns cannot hold."""
    fields = {"email": line.email, "first_name": line.first_name, "last_name": line.last_name}
    return [
        _("La colonna %(column)s supera i %(max)d caratteri.")
        % {"column": COLUMN_LABELS[name], "max": limit}
        for name, value in fields.items()
        if len(value) > (limit := _column_limit(name))
    ]


def _differs(given: str, kept: str) -> bool:
    return bool(given) and given.casefold() != (kept or "").casefold()


def _account_kept(line: Line, person: User, centre: EmploymentCentre | None) -> list[str]:
    """Notes for a line whose name or centre differs from the existing account's: the
    account keeps its own (a person changes centre through an affiliation request)."""
    notes = []
    if _differs(line.first_name, person.first_name) or _differs(line.last_name, person.last_name):
        notes.append(
            _("Il nome nel file è diverso: resta quello dell'account (%(name)s).")
            % {"name": f"{person.first_name} {person.last_name}".strip()}
        )
    if centre is not None and centre.pk != person.centre_id:
        notes.append(_("Il centro nel file è diverso: resta quello dell'account."))
    return notes


def plan_import(lines: list[Line]) -> ImportPlan:
    """What each line would do, and every reason a line cannot be imported."""
    plan = ImportPlan([PlannedLine(line) for line in lines])
    centres = _by_key(
        EmploymentCentre.objects.all(), "code", {line.centre for line in lines if line.centre}
    )
    editions = _by_key(
        Edition.objects.select_related("course").with_place_counts(),
        "code",
        {line.edition for line in lines if line.edition},
    )
    people = _by_key(User.objects.all(), "email", {line.email for line in lines if line.email})
    courses = {edition.course_id for edition in editions.values()}
    active = {
        (enrolment.user_id, enrolment.course_id): enrolment
        for chunk in _chunks(person.pk for person in people.values())
        for enrolment in Enrolment.objects.filter(
            user__in=chunk, course__in=courses, status__in=Enrolment.ACTIVE_STATUSES
        ).select_related("edition")
    }

    seen: dict[tuple[str, int], tuple[int, int]] = {}  # (email, course) → (line, edition)
    places_taken: Counter[int] = Counter()
    for planned in plan.lines:
        line = planned.line
        errors = planned.errors
        if not line.email:
            errors.append(_("Manca l'indirizzo email."))
        else:
            try:
                validate_email(line.email)
            except ValidationError:
                errors.append(
                    _("«%(email)s» non è un indirizzo email valido.") % {"email": line.email}
                )
        planned.person = person = people.get(line.email)
        if line.centre:
            planned.centre = centres.get(line.centre)
            if planned.centre is None:
                errors.append(_("Il centro «%(code)s» non esiste.") % {"code": line.centre})
        if person is None:
            # A new account is made from the line: it needs a name and a centre.
            if not line.first_name:
                errors.append(_("Manca il nome."))
            if not line.last_name:
                errors.append(_("Manca il cognome."))
            if not line.centre:
                errors.append(_("Manca il codice del centro per l'impiego."))
            errors.extend(_too_long(line))
        else:
            planned.notes.extend(_account_kept(line, person, planned.centre))
        planned.edition = editions.get(line.edition)
        if not line.edition:
            errors.append(_("Manca il codice dell'edizione."))
            continue
        if planned.edition is None:
            errors.append(_("L'edizione «%(code)s» non esiste.") % {"code": line.edition})
            continue
        edition = planned.edition
        if edition.status in Edition.ENDED_STATUSES:
            errors.append(
                _("L'edizione %(code)s è %(status)s.")
                % {"code": edition.code, "status": edition.get_status_display().lower()}
            )
        key = (line.email, edition.course_id)
        if line.email and key in seen:
            first_line, first_edition = seen[key]
            if first_edition == edition.pk:
                planned.action = Action.DUPLICATE
                planned.notes.append(_("Uguale alla riga %(line)d.") % {"line": first_line})
            else:
                errors.append(
                    _("La stessa persona compare già alla riga %(line)d per lo stesso corso.")
                    % {"line": first_line}
                )
            continue
        seen[key] = (line.number, edition.pk)
        existing = active.get((person.pk, edition.course_id)) if person else None
        if existing is not None and existing.edition_id != edition.pk:
            errors.append(
                _("Ha già un posto o una richiesta nell'edizione %(code)s dello stesso corso.")
                % {"code": existing.edition.code}
            )
            continue
        if existing is not None and existing.status == Enrolment.Status.APPROVED:
            planned.action = Action.NOTHING
            continue
        if errors:
            continue  # a wrong line takes no place from the lines after it
        full = edition.approved_count + places_taken[edition.pk] >= edition.capacity
        if not full:
            places_taken[edition.pk] += 1
        if person is None:
            planned.action = Action.CREATE_AND_WAITLIST if full else Action.CREATE_AND_ENROL
        elif existing is None:
            planned.action = Action.WAITLIST if full else Action.ENROL
        elif full and existing.status == Enrolment.Status.WAITLISTED:
            planned.action = Action.ALREADY_WAITING
        else:  # a request, or a waiting-list entry that now finds a place
            planned.action = Action.WAITLIST if full else Action.CONFIRM
    return plan
