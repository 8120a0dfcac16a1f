"""Keeping the register. Each function is one transaction and writes every change it
makes to the append-only history inside that transaction.

Every function first locks the edition's row, so marks of one edition, its
closing and its reopening queue up: nobody corrects a day while the register
is being closed. Self check-ins share that lock instead of taking it alone
(``_share_edition_lock``): a classroom's learners check in side by side, each
writing only their own record, which the unique record per day and person
guards; a teacher's marks, closing, reopening and cancelling a day still wait
for them, and they for those. The rules hold here, for every caller: only people with a
confirmed place are marked, a day is marked from the day itself on, hours
follow the status, and a closed register changes only in a training
manager's hands, with a reason.
"""

import math
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, TypedDict, cast

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.db.models import Exists, OuterRef, Subquery
from django.utils import timezone
from django.utils.formats import date_format, time_format
from django.utils.translation import gettext as _

from courses.models import Edition, Enrolment, Session
from courses.templatetags.courses_tags import format_hours
from website.accounts.types import User
from website.core.exceptions import Refused
from website.core.prepared import prepared_objects

from . import checkin
from .models import (
    FULL_HOURS_STATUSES,
    NO_HOURS_STATUSES,
    AttendanceChange,
    AttendanceRecord,
    AttendanceStatus,
    MarkSource,
    RegisterClosure,
    RegisterEvent,
)
from .permissions import (
    can_check_in,
    can_close_register,
    can_mark_register,
    can_reopen_register,
)
from .selectors import missing_marks

if TYPE_CHECKING:
    from django.db.models import QuerySet
    from django_stubs_ext import WithAnnotations


@dataclass(frozen=True)
class Mark:
    """What to write for one participant: a status, and the hours for partial days."""

    participant_id: int
    status: str
    hours: Decimal | None = None


def hours_problem(session: Session, status: str, hours: Decimal | str | None) -> str | None:
    """Why ``hours`` cannot go with ``status`` on this day, or None.

    Only late arrivals and early exits say their hours: more than zero, at
    most the day's hours, to the tenth of an hour. The form and the services
    ask this same question.
    """
    if status in FULL_HOURS_STATUSES or status in NO_HOURS_STATUSES:
        return None
    if hours is None or hours == "":
        return _("Indica le ore frequentate: per chi entra in ritardo o esce prima contano le ore.")
    try:
        value = Decimal(hours)
    except (InvalidOperation, TypeError, ValueError):
        return _("Le ore si scrivono come numero, ad esempio 3,5.")
    if not value.is_finite() or value.adjusted() > 2 or value != round(value, 1):
        return _("Le ore si scrivono con al più un decimale, ad esempio 3,5.")
    if value <= 0 or value > session.hours:
        return _("Le ore devono essere più di zero e non più delle %(hours)s della giornata.") % {
            "hours": format_hours(session.hours)
        }
    return None


def hours_for(session: Session, status: str, hours: Decimal | str | None = None) -> Decimal:
    """The hours a mark counts: the whole day, none, or those given for partial days."""
    if status in FULL_HOURS_STATUSES:
        return session.hours
    if status in NO_HOURS_STATUSES:
        return Decimal("0")
    problem = hours_problem(session, status, hours)
    if problem:
        raise Refused(problem)
    assert hours is not None  # hours_problem refuses missing hours
    return Decimal(hours)


def _lock_edition(edition: Edition) -> Edition:
    return (
        Edition.objects.select_for_update(of=("self",))
        .select_related("course")
        .prefetch_related("teachers")
        .get(pk=edition.pk)
    )


def _share_edition_lock(edition_id: int) -> None:
    """Hold the edition's row against writers (``_lock_edition``), not against other sharers.

    Django's ``select_for_update`` only takes the row alone; ``FOR SHARE`` lets every
    self check-in of a classroom hold it at once. SQLite has no row locks: there each
    transaction already takes the whole database's write lock when it begins.
    """
    if not connection.features.has_select_for_update:
        return
    table = connection.ops.quote_name(Edition._meta.db_table)
    column = connection.ops.quote_name(Edition._meta.pk.column)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT 1 FROM {table} WHERE {column} = %s FOR SHARE", [edition_id])


def _is_closed(edition: Edition) -> bool:
    return RegisterClosure.objects.filter(edition=edition).exists()


def _participant_ids(edition: Edition) -> set[int]:
    return set(
        Enrolment.objects.filter(edition=edition, status=Enrolment.Status.APPROVED).values_list(
            "user_id", flat=True
        )
    )


def _check_may_mark(by: User, edition: Edition, *, closed: bool, reason: str) -> None:
    if not can_mark_register(by, edition, closed=closed):
        if closed:
            raise Refused(
                _(
                    "Il registro dell'edizione %(code)s è chiuso: solo il servizio formazione "
                    "può modificarlo."
                )
                % {"code": edition.code}
            )
        raise Refused(
            _("Non puoi segnare le presenze dell'edizione %(code)s.") % {"code": edition.code}
        )
    if closed and not reason.strip():
        raise Refused(_("Il registro è chiuso: per modificarlo indica il motivo della correzione."))


def _check_day_held(session: Session, today: date) -> None:
    if session.date > today:
        raise Refused(
            _("La giornata del %(date)s non si è ancora svolta: potrai segnarla da quel giorno.")
            % {"date": date_format(session.date, "DATE_FORMAT")}
        )


def _day_cancelled(session: Session) -> Refused:
    return Refused(
        _("La giornata del %(date)s è stata annullata: non si segnano presenze.")
        % {"date": date_format(session.date, "DATE_FORMAT")}
    )


def _check_not_cancelled(session: Session) -> None:
    """Read after the edition's lock, which cancelling a day takes too."""
    if Session.objects.filter(pk=session.pk, cancelled_at__isnull=False).exists():
        raise _day_cancelled(session)


def _write_marks(
    session: Session,
    marks: list[Mark],
    *,
    by: User,
    source: str,
    reason: str = "",
    now: datetime,
    existing: dict[int, AttendanceRecord] | None = None,
) -> dict[int, AttendanceRecord]:
    """Create or change the records for ``marks`` and append one change for each that differs.

    Returns the records written, by participant (one change each). ``existing``, the
    participants' records as they stand, is read here unless the caller already knows it.
    """
    if existing is None:
        existing = {
            record.user_id: record
            for record in AttendanceRecord.objects.filter(
                session=session, user_id__in=[mark.participant_id for mark in marks]
            )
        }
    to_create: list[AttendanceRecord] = []
    to_update: list[AttendanceRecord] = []
    changes: list[AttendanceChange] = []
    for mark in marks:
        hours = hours_for(session, mark.status, mark.hours)
        record = existing.get(mark.participant_id)
        if record is not None and record.status == mark.status and record.hours == hours:
            continue
        changes.append(
            AttendanceChange(
                session=session,
                participant_id=mark.participant_id,
                changed_by=by,
                previous_status=record.status if record else "",
                previous_hours=record.hours if record else None,
                status=mark.status,
                hours=hours,
                source=source,
                reason=reason.strip(),
            )
        )
        if record is None:
            to_create.append(
                AttendanceRecord(
                    session=session,
                    user_id=mark.participant_id,
                    status=mark.status,
                    hours=hours,
                    source=source,
                    updated_by=by,
                )
            )
        else:
            record.status, record.hours, record.source = mark.status, hours, source
            record.updated_by, record.updated_at = by, now
            to_update.append(record)
    AttendanceRecord.objects.bulk_create(to_create)
    AttendanceRecord.objects.bulk_update(
        to_update, ["status", "hours", "source", "updated_by", "updated_at"]
    )
    AttendanceChange.objects.bulk_create(changes)
    return {record.user_id: record for record in (*to_create, *to_update)}


def _prepare(session: Session, by: User, reason: str, now: datetime) -> tuple[Edition, set[int]]:
    """Lock, check who marks and when; return the locked edition and its participants."""
    edition = _lock_edition(session.edition)
    _check_may_mark(by, edition, closed=_is_closed(edition), reason=reason)
    _check_day_held(session, timezone.localdate(now))
    _check_not_cancelled(session)
    return edition, _participant_ids(edition)


def _not_participant(edition: Edition) -> Refused:
    return Refused(
        _("Questa persona non ha un posto confermato nell'edizione %(code)s.")
        % {"code": edition.code}
    )


@transaction.atomic
def record_mark(
    *,
    session: Session,
    participant: User,
    status: str,
    hours: Decimal | None = None,
    by: User,
    reason: str = "",
    now: datetime | None = None,
) -> AttendanceRecord:
    """Mark or correct one participant's day. Returns the record as it now stands."""
    now = now or timezone.now()
    edition, participants = _prepare(session, by, reason, now)
    if participant.pk not in participants:
        raise _not_participant(edition)
    _check_status(status)
    _write_marks(
        session,
        [Mark(participant.pk, status, hours)],
        by=by,
        source=MarkSource.REGISTER,
        reason=reason,
        now=now,
    )
    return AttendanceRecord.objects.get(session=session, user=participant)


def _check_status(status: str) -> None:
    if status not in AttendanceStatus.values:
        raise Refused(_("Scegli uno stato tra quelli proposti."))


@transaction.atomic
def day_mark(
    *, session: Session, marks: list[Mark], by: User, reason: str = "", now: datetime | None = None
) -> int:
    """Mark a whole day at once: every mark is checked first, then all are written, or none.

    Marks equal to what the register already holds change nothing and leave no
    history. Returns how many records changed.
    """
    now = now or timezone.now()
    edition, participants = _prepare(session, by, reason, now)
    seen = set()
    for mark in marks:
        if mark.participant_id not in participants or mark.participant_id in seen:
            raise _not_participant(edition)
        seen.add(mark.participant_id)
        _check_status(mark.status)
        hours_for(session, mark.status, mark.hours)
    return len(
        _write_marks(session, marks, by=by, source=MarkSource.REGISTER, reason=reason, now=now)
    )


@transaction.atomic
def day_mark_all_present(
    *, session: Session, by: User, reason: str = "", now: datetime | None = None
) -> int:
    """Mark present everyone not yet marked on the day; marks already made stay as they are."""
    now = now or timezone.now()
    _edition, participants = _prepare(session, by, reason, now)
    marked = set(AttendanceRecord.objects.filter(session=session).values_list("user_id", flat=True))
    marks = [
        Mark(participant_id, AttendanceStatus.PRESENT)
        for participant_id in sorted(participants - marked)
    ]
    return len(
        _write_marks(session, marks, by=by, source=MarkSource.REGISTER, reason=reason, now=now)
    )


def _checkin_mark(session: Session, now: datetime) -> tuple[str, Decimal]:
    """Present, or late with the hours left (to the half hour below) after the grace minutes."""
    late_after = session.starts() + timedelta(minutes=settings.ATTENDANCE_LATE_AFTER_MINUTES)
    if now <= late_after:
        return AttendanceStatus.PRESENT, session.hours
    left = (session.ends() - now) / (session.ends() - session.starts())
    halves = math.floor(float(session.hours) * left * 2)
    return AttendanceStatus.LATE, max(Decimal(halves) / 2, Decimal("0.5"))


class _CheckInFacts(TypedDict):
    register_closed: bool
    holds_place: bool
    marked_status: str | None


def _checkin_state_query(session_id: int, user_id: int) -> "QuerySet[Session]":
    return (
        Session.objects.filter(pk=session_id)
        .select_related("edition")
        .annotate(
            register_closed=Exists(RegisterClosure.objects.filter(edition=OuterRef("edition_id"))),
            holds_place=Exists(
                Enrolment.objects.filter(
                    edition=OuterRef("edition_id"),
                    user_id=user_id,
                    status=Enrolment.Status.APPROVED,
                )
            ),
            marked_status=Subquery(
                AttendanceRecord.objects.filter(session=OuterRef("pk"), user_id=user_id)
                .order_by()
                .values("status")[:1]
            ),
        )
    )


def _checkin_state(session: Session, user: User) -> "WithAnnotations[Session, _CheckInFacts]":
    """The day as it stands now, its edition, and the person's place and mark: one query,
    built and compiled once (``website.core.prepared``)."""
    found = prepared_objects(
        "attendance.checkin_state", _checkin_state_query, [session.pk, user.pk]
    )
    if not found:
        raise Session.DoesNotExist
    return cast("WithAnnotations[Session, _CheckInFacts]", found[0])


def _already_marked(status: str) -> Refused:
    return Refused(
        _("La tua presenza per questa giornata è già nel registro: %(status)s.")
        % {"status": str(AttendanceStatus(status).label).lower()}
    )


def attendance_check_in(
    *, session: Session, user: User, code: str, now: datetime | None = None
) -> AttendanceRecord:
    """A participant marks themselves present with the code shown in the classroom.

    One transaction of four queries: the edition's shared lock, what the day, the
    edition and the person's place and mark are now, the record and its change.
    """
    now = now or timezone.now()
    try:
        with transaction.atomic():
            return _check_in(session, user, code, now)
    except IntegrityError:
        # The same person's check-in sent twice at once: both saw no mark under the
        # shared lock, the unique record per day and person let one through.
        marked = (
            AttendanceRecord.objects.filter(session=session, user=user)
            .values_list("status", flat=True)
            .first()
        )
        if marked is None:
            raise
        raise _already_marked(marked) from None


def _check_in(session: Session, user: User, code: str, now: datetime) -> AttendanceRecord:
    _share_edition_lock(session.edition_id)
    day = _checkin_state(session, user)
    edition = day.edition
    if not day.holds_place:
        raise Refused(
            _("Non hai un posto confermato nell'edizione %(code)s.") % {"code": edition.code}
        )
    if not can_check_in(user, edition, holds_place=True):
        raise Refused(
            _("L'edizione %(code)s non prevede l'auto-registrazione della presenza.")
            % {"code": edition.code}
        )
    if day.register_closed:
        raise Refused(_("Il registro di questa edizione è chiuso."))
    if day.cancelled_at is not None:
        raise _day_cancelled(day)
    if not checkin.is_check_in_open(day, now):
        raise Refused(
            _(
                "L'auto-registrazione per la giornata del %(date)s è aperta dalle %(opens)s "
                "alle %(ends)s."
            )
            % {
                "date": date_format(day.date, "DATE_FORMAT"),
                "opens": time_format(timezone.localtime(checkin.check_in_opens(day)), "H:i"),
                "ends": time_format(day.ends_at, "H:i"),
            }
        )
    outcome = checkin.check_code(day, code, now)
    if outcome is checkin.CodeCheck.EXPIRED:
        raise Refused(_("Il codice è scaduto: inserisci quello mostrato ora in aula."))
    if outcome is not checkin.CodeCheck.VALID:
        raise Refused(_("Il codice non è valido per questa giornata."))
    if day.marked_status:
        raise _already_marked(day.marked_status)
    status, hours = _checkin_mark(day, now)
    written = _write_marks(
        day,
        [Mark(user.pk, status, hours)],
        by=user,
        source=MarkSource.CHECKIN,
        now=now,
        existing={},
    )
    return written[user.pk]


@transaction.atomic
def register_close(
    *, edition: Edition, by: User, reason: str = "", now: datetime | None = None
) -> RegisterClosure:
    """Close a complete register: from now on only training managers change it."""
    now = now or timezone.now()
    edition = _lock_edition(edition)
    if not can_close_register(by, edition):
        raise Refused(_("Solo il servizio formazione chiude i registri."))
    if _is_closed(edition):
        raise Refused(
            _("Il registro dell'edizione %(code)s è già chiuso.") % {"code": edition.code}
        )
    later_days = Session.objects.filter(edition=edition, date__gt=timezone.localdate(now))
    if later_days.not_cancelled().exists():
        raise Refused(
            _("L'edizione %(code)s ha ancora giornate da svolgere: il registro si chiude dopo.")
            % {"code": edition.code}
        )
    missing = missing_marks(edition)
    if missing:
        raise Refused(
            _("Mancano %(count)d presenze da segnare: il registro si chiude quando è completo.")
            % {"count": missing}
        )
    closure = RegisterClosure.objects.create(edition=edition, closed_by=by)
    RegisterEvent.objects.create(
        edition=edition, action=RegisterEvent.Action.CLOSED, by=by, reason=reason.strip()
    )
    return closure


@transaction.atomic
def register_reopen(*, edition: Edition, by: User, reason: str) -> None:
    """Reopen a closed register so its teachers can correct it again; the reason is kept."""
    edition = _lock_edition(edition)
    if not can_reopen_register(by, edition):
        raise Refused(_("Solo il servizio formazione riapre i registri."))
    if not _is_closed(edition):
        raise Refused(_("Il registro dell'edizione %(code)s è aperto.") % {"code": edition.code})
    if not reason.strip():
        raise Refused(_("Indica il motivo della riapertura."))
    RegisterClosure.objects.filter(edition=edition).delete()
    RegisterEvent.objects.create(
        edition=edition, action=RegisterEvent.Action.REOPENED, by=by, reason=reason.strip()
    )
