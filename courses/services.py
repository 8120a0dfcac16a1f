"""Changing courses and enrolments. Each function is one transaction.

Capacity and the waiting list hold under parallel requests: every function
that gives or frees a place first locks the edition's row
(``select_for_update``), so requests for one edition queue up and each sees
the places the previous one left. One active place per person and course is
also a database constraint, which settles races between two editions.
"""

from datetime import date, datetime, time, timedelta
from decimal import Decimal

from allauth.account.models import EmailAddress
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from website.accounts.models import EmploymentCentre, User
from website.accounts.services import affiliation_grant
from website.audit.services import Action as AuditAction
from website.audit.services import audit_record
from website.core.exceptions import Refused

from . import notices
from .imports import ImportPlan, Line, plan_import
from .models import (
    CalendarFeed,
    Course,
    Edition,
    Enrolment,
    Session,
    SessionReminder,
    new_calendar_token,
)
from .scheduling import PlannedDay, run_of_dates, schedule_problems


def _lock_edition(edition: Edition) -> Edition:
    """The edition's row, locked until the transaction ends (a no-op on SQLite,
    whose write transactions already run one at a time)."""
    return (
        Edition.objects.select_for_update(of=("self",))
        .select_related("course", "course__programme")
        .get(pk=edition.pk)
    )


def _confirmed_count(edition: Edition) -> int:
    return Enrolment.objects.filter(edition=edition, status=Enrolment.Status.APPROVED).count()


def _active_place_in_course(user: User, course: Course) -> Enrolment | None:
    return (
        Enrolment.objects.filter(user=user, course=course, status__in=Enrolment.ACTIVE_STATUSES)
        .select_related("edition")
        .first()
    )


def _why_closed(edition: Edition, now: datetime) -> str:
    today = timezone.localdate(now)
    if edition.status == Edition.Status.CANCELLED:
        return _("L'edizione %(code)s è stata annullata.") % {"code": edition.code}
    if edition.status != Edition.Status.SCHEDULED or not edition.course.programme.is_published:
        return _("L'edizione %(code)s non accetta iscrizioni.") % {"code": edition.code}
    if edition.starts_on <= today:
        return _("L'edizione %(code)s è già iniziata.") % {"code": edition.code}
    if edition.enrolment_opens_at and edition.enrolment_opens_at > now:
        return _("Le iscrizioni all'edizione %(code)s si aprono il %(date)s.") % {
            "code": edition.code,
            "date": date_format(timezone.localtime(edition.enrolment_opens_at), "DATETIME_FORMAT"),
        }
    return _("Le iscrizioni all'edizione %(code)s sono chiuse.") % {"code": edition.code}


def _refuse_if_ended(edition: Edition) -> None:
    """Nobody gains a place in a closed or cancelled edition (a late start is allowed)."""
    if edition.status in Edition.ENDED_STATUSES:
        raise Refused(
            _("L'edizione %(code)s è %(status)s: non si possono aggiungere persone.")
            % {"code": edition.code, "status": edition.get_status_display().lower()}
        )


def _already_placed(enrolment: Enrolment) -> str:
    return _(
        "Hai già un posto o una richiesta nell'edizione %(code)s di questo corso: "
        "puoi averne una sola per corso."
    ) % {"code": enrolment.edition.code}


def _take_place_or_wait(
    enrolment: Enrolment, edition: Edition, *, now: datetime, by: User | None = None
) -> bool:
    """Confirm the place if one is free, otherwise put the person on the waiting list."""
    enrolment.decided_at = now
    enrolment.decided_by = by
    if _confirmed_count(edition) < edition.capacity:
        enrolment.status = Enrolment.Status.APPROVED
        return True
    enrolment.status = Enrolment.Status.WAITLISTED
    enrolment.waitlisted_at = enrolment.waitlisted_at or now
    return False


def _audit_decision(enrolment: Enrolment, *, by: User) -> None:
    audit_record(
        actor=by,
        action=AuditAction.ENROLMENT_DECISION,
        target=enrolment.user,
        detail={
            "person_id": enrolment.user_id,
            "edition": enrolment.edition.code,
            "status": enrolment.status,
            "source": enrolment.source,
        },
    )


def _save_new(enrolment: Enrolment) -> None:
    """Save a new enrolment; the database refuses a second active place in the course."""
    try:
        with transaction.atomic():
            enrolment.save()
    except IntegrityError:
        raise Refused(
            _("Questa persona ha già un posto o una richiesta in un'edizione di questo corso.")
        ) from None


def _fill_from_waiting_list(edition: Edition, *, now: datetime) -> list[Enrolment]:
    """Promote the first people on the waiting list into the free places (edition locked)."""
    if edition.has_started(timezone.localdate(now)):
        return []
    free = edition.capacity - _confirmed_count(edition)
    if free <= 0:
        return []
    promoted = list(
        Enrolment.objects.filter(edition=edition, status=Enrolment.Status.WAITLISTED)
        .select_related("user")
        .order_by("waitlisted_at", "pk")[:free]
    )
    for enrolment in promoted:
        enrolment.status = Enrolment.Status.APPROVED
        enrolment.decided_at = now
        enrolment.save(update_fields=["status", "decided_at"])
        enrolment.edition = edition
        notices.tell_participant(enrolment.user, notices.PROMOTED, enrolment=enrolment)
    return promoted


@transaction.atomic
def enrolment_request(*, user: User, edition: Edition, now: datetime | None = None) -> Enrolment:
    """A person asks for a place. Confirmed at once (or waitlisted) when the course
    approves automatically; otherwise it waits for a training manager."""
    now = now or timezone.now()
    edition = _lock_edition(edition)
    if not edition.is_open_for_enrolment(now):
        raise Refused(_why_closed(edition, now))
    existing = _active_place_in_course(user, edition.course)
    if existing is not None:
        raise Refused(_already_placed(existing))
    enrolment = Enrolment(user=user, edition=edition, source=Enrolment.Source.REQUEST)
    if edition.course.approve_automatically:
        confirmed = _take_place_or_wait(enrolment, edition, now=now)
        _save_new(enrolment)
        notices.tell_participant(
            user, notices.APPROVED if confirmed else notices.WAITLISTED, enrolment=enrolment
        )
    else:
        enrolment.status = Enrolment.Status.REQUESTED
        _save_new(enrolment)
    return enrolment


def _locked_enrolment(enrolment: Enrolment) -> tuple[Enrolment, Edition]:
    """Lock the edition, then read the enrolment afresh: its status may have changed."""
    edition = _lock_edition(enrolment.edition)
    fresh = Enrolment.objects.select_related("user").get(pk=enrolment.pk)
    fresh.edition = edition
    return fresh, edition


@transaction.atomic
def enrolment_approve(*, enrolment: Enrolment, by: User, now: datetime | None = None) -> Enrolment:
    """A training manager accepts a request: a place if one is free, else the waiting list."""
    now = now or timezone.now()
    enrolment, edition = _locked_enrolment(enrolment)
    if enrolment.status != Enrolment.Status.REQUESTED:
        raise Refused(
            _("La richiesta di %(person)s non è più in attesa di decisione.")
            % {"person": enrolment.user}
        )
    _refuse_if_ended(edition)
    confirmed = _take_place_or_wait(enrolment, edition, now=now, by=by)
    enrolment.save(update_fields=["status", "decided_at", "decided_by", "waitlisted_at"])
    _audit_decision(enrolment, by=by)
    notices.tell_participant(
        enrolment.user, notices.APPROVED if confirmed else notices.WAITLISTED, enrolment=enrolment
    )
    return enrolment


@transaction.atomic
def enrolment_refuse(
    *, enrolment: Enrolment, by: User, reason: str, now: datetime | None = None
) -> Enrolment:
    """A training manager refuses a request or takes someone off the waiting list, saying why."""
    if not (reason or "").strip():
        raise Refused(_("Scrivi la motivazione del rifiuto: la persona la riceve per email."))
    now = now or timezone.now()
    enrolment, _edition = _locked_enrolment(enrolment)
    if enrolment.status not in (Enrolment.Status.REQUESTED, Enrolment.Status.WAITLISTED):
        raise Refused(
            _("L'iscrizione di %(person)s non è una richiesta né in lista d'attesa.")
            % {"person": enrolment.user}
        )
    enrolment.status = Enrolment.Status.REFUSED
    enrolment.decided_at = now
    enrolment.decided_by = by
    enrolment.reason = reason.strip()
    enrolment.save(update_fields=["status", "decided_at", "decided_by", "reason"])
    _audit_decision(enrolment, by=by)
    notices.tell_participant(enrolment.user, notices.REFUSED, enrolment=enrolment)
    return enrolment


@transaction.atomic
def enrolment_withdraw(
    *, enrolment: Enrolment, by: User, now: datetime | None = None
) -> list[Enrolment]:
    """Give up a place or a request; a freed place goes to the waiting list.

    The person may withdraw until the edition starts; a training manager
    (``by`` someone else) may cancel a place at any time and the person is
    told. Returns the enrolments promoted from the waiting list.
    """
    now = now or timezone.now()
    enrolment, edition = _locked_enrolment(enrolment)
    if not enrolment.is_active:
        raise Refused(_("Questa iscrizione non è più attiva."))
    by_self = by.pk == enrolment.user_id
    if by_self and edition.has_started(timezone.localdate(now)):
        raise Refused(
            _("L'edizione %(code)s è già iniziata: per ritirarti scrivi al servizio formazione.")
            % {"code": edition.code}
        )
    held_place = enrolment.status == Enrolment.Status.APPROVED
    enrolment.status = Enrolment.Status.WITHDRAWN
    enrolment.decided_at = now
    enrolment.decided_by = by
    enrolment.save(update_fields=["status", "decided_at", "decided_by"])
    if not by_self:
        _audit_decision(enrolment, by=by)
        notices.tell_participant(enrolment.user, notices.CANCELLED, enrolment=enrolment)
    return _fill_from_waiting_list(edition, now=now) if held_place else []


@transaction.atomic
def edition_fill_from_waiting_list(
    *, edition: Edition, now: datetime | None = None
) -> list[Enrolment]:
    """After the places grow (the admin raised the capacity), promote whoever is waiting."""
    now = now or timezone.now()
    return _fill_from_waiting_list(_lock_edition(edition), now=now)


@transaction.atomic
def enrolment_enrol(
    *,
    user: User,
    edition: Edition,
    by: User,
    source: str = Enrolment.Source.MANAGER,
    waitlist_if_full: bool = False,
    now: datetime | None = None,
) -> Enrolment:
    """A training manager gives a person a confirmed place (by hand or from a file).

    A pending request or waiting-list entry in the same edition is confirmed;
    a place in another edition of the course is refused. A full edition is
    refused too, unless ``waitlist_if_full`` (an import): then the person goes
    on its waiting list (a request becomes a waiting-list entry).
    """
    now = now or timezone.now()
    edition = _lock_edition(edition)
    _refuse_if_ended(edition)
    existing = _active_place_in_course(user, edition.course)
    if existing is not None and existing.edition_id != edition.pk:
        raise Refused(
            _("%(person)s ha già un posto o una richiesta nell'edizione %(code)s di questo corso.")
            % {"person": user, "code": existing.edition.code}
        )
    if existing is not None and existing.status == Enrolment.Status.APPROVED:
        raise Refused(_("%(person)s ha già un posto in questa edizione.") % {"person": user})
    full = _confirmed_count(edition) >= edition.capacity
    if full and not waitlist_if_full:
        raise Refused(
            _(
                "L'edizione %(code)s è al completo (%(capacity)d posti): "
                "aumenta i posti o scegli un'altra edizione."
            )
            % {"code": edition.code, "capacity": edition.capacity}
        )
    if full and existing is not None and existing.status == Enrolment.Status.WAITLISTED:
        raise Refused(
            _("%(person)s è già in lista d'attesa per l'edizione %(code)s, che è al completo.")
            % {"person": user, "code": edition.code}
        )
    enrolment = existing or Enrolment(user=user, edition=edition, source=source)
    if full:
        enrolment.status = Enrolment.Status.WAITLISTED
        enrolment.waitlisted_at = now
    else:
        enrolment.status = Enrolment.Status.APPROVED
    enrolment.decided_at = now
    enrolment.decided_by = by
    if existing is None:
        _save_new(enrolment)
    else:
        enrolment.save(update_fields=["status", "decided_at", "decided_by", "waitlisted_at"])
    enrolment.edition = edition
    _audit_decision(enrolment, by=by)
    notices.tell_participant(
        user, notices.WAITLISTED if full else notices.APPROVED, enrolment=enrolment
    )
    return enrolment


def person_find_or_create(
    *,
    email: str,
    first_name: str,
    last_name: str,
    centre: EmploymentCentre | None,
    by: User,
) -> tuple[User, bool]:
    """The account with this email (any case), or a new one without a password.

    A new person sets a password through "password forgotten"; the email
    that confirms their place tells them how. The training manager ``by``
    grants the new person's centre (recorded as such). Returns (user, created).
    """
    user = User.objects.filter(email__iexact=email).first()
    if user is not None:
        return user, False
    user = User.objects.create_user(
        email=email, password=None, first_name=first_name, last_name=last_name
    )
    EmailAddress.objects.create(user=user, email=user.email, primary=True, verified=False)
    if centre is not None:
        affiliation_grant(person=user, centre=centre, by=by)
        user.refresh_from_db(fields=["centre"])
    return user, True


@transaction.atomic
def sessions_add_run(
    *,
    edition: Edition,
    first_date: date,
    count: int,
    recurrence: str,
    starts_at: time,
    ends_at: time,
    hours: Decimal,
    mode: str = Session.Mode.CLASSROOM,
    meeting_url: str = "",
    teacher: User | None = None,
    topic: str = "",
) -> list[Session]:
    """Add ``count`` days to an edition in one step (e.g. three working days, 9:00–14:00).

    Every day is checked like a day entered by hand; if any is refused none is added,
    and every reason is given at once (the calendar's and the day's own fields').
    """
    edition = _lock_edition(edition)
    existing = list(edition.sessions.all())
    dates = run_of_dates(first_date, count, recurrence)
    planned = [PlannedDay(day, starts_at, ends_at) for day in dates]
    problems = {
        problem.message
        for problem in schedule_problems(
            starts_on=edition.starts_on, ends_on=edition.ends_on, days=existing + planned
        )
        if problem.index >= len(existing)
    }
    sessions = [
        Session(
            edition=edition,
            date=day,
            starts_at=starts_at,
            ends_at=ends_at,
            hours=hours,
            mode=mode,
            meeting_url=meeting_url,
            teacher=teacher,
            topic=topic,
        )
        for day in dates
    ]
    for session in sessions:
        try:
            session.full_clean(validate_unique=False, validate_constraints=False)
        except ValidationError as error:
            problems.update(error.messages)
    if problems:
        raise ValidationError(sorted(problems))
    Session.objects.bulk_create(sessions)
    return sessions


@transaction.atomic
def session_cancel(
    *, session: Session, by: User, reason: str, now: datetime | None = None
) -> Session:
    """Cancel a classroom day that was not held, instead of deleting it.

    The day keeps its marks and their history and stays in the register,
    shown as cancelled with who, when and why; it no longer counts towards
    anyone's hours, nor towards the edition's.
    """
    reason = reason.strip()
    if not reason:
        raise ValidationError(_("Indica perché la giornata è annullata."))
    _lock_edition(session.edition)
    session = Session.objects.get(pk=session.pk)
    if session.is_cancelled:
        raise ValidationError(_("La giornata è già annullata."))
    session.cancelled_at = now or timezone.now()
    session.cancelled_by = by
    session.cancellation_reason = reason
    session.save(update_fields=["cancelled_at", "cancelled_by", "cancellation_reason"])
    return session


def calendar_feed_for(*, user: User) -> CalendarFeed:
    """The person's calendar address, made on first use."""
    feed, _created = CalendarFeed.objects.get_or_create(user=user)
    return feed


@transaction.atomic
def calendar_feed_reset(*, user: User) -> CalendarFeed:
    """A new secret address; the old one stops working at once."""
    feed, _created = CalendarFeed.objects.select_for_update().get_or_create(user=user)
    feed.token = new_calendar_token()
    feed.save(update_fields=["token", "created_at"])
    return feed


def session_reminders_send(*, now: datetime | None = None) -> int:
    """Remind everyone with a place of tomorrow's classroom days. Never twice for one day.

    Each reminder is recorded in its own small transaction before the email
    leaves (after commit), and the record is unique per day and person, so a
    second run, or two runs at once, send nothing more.
    """
    now = now or timezone.now()
    tomorrow = timezone.localdate(now) + timedelta(days=1)
    sessions = (
        Session.objects.filter(date=tomorrow, edition__status=Edition.Status.SCHEDULED)
        .not_cancelled()
        .select_related("edition", "edition__course", "edition__cluster")
        .order_by("starts_at", "pk")
    )
    sent = 0
    for session in sessions:
        people = (
            User.objects.filter(
                enrolments__edition=session.edition_id,
                enrolments__status=Enrolment.Status.APPROVED,
            )
            .exclude(pk__in=SessionReminder.objects.filter(session=session).values("user"))
            .order_by("pk")
        )
        for person in people:
            with transaction.atomic():
                _reminder, created = SessionReminder.objects.get_or_create(
                    session=session, user=person
                )
                if created:
                    notices.tell_participant(person, notices.REMINDER, session=session)
                    sent += 1
    return sent


class ImportRejected(Exception):
    """The import changed nothing; ``plan`` lists the lines that are wrong."""

    def __init__(self, plan: ImportPlan) -> None:
        super().__init__(f"{len(plan.error_lines)} lines are wrong")
        self.plan = plan


@transaction.atomic
def enrolments_import(
    *,
    lines: list[Line],
    by: User,
    expected_actions: list[str] | None = None,
    now: datetime | None = None,
) -> ImportPlan:
    """Do what the preview said for every line of a file, or nothing.

    The plan is made again under lock and applied only when no line is wrong
    and, given the actions the preview showed (``expected_actions``), when no
    line would now do something else; each line must then end exactly as
    planned (a place, a waiting-list entry, an account made), or the whole
    import is undone. Returns the plan applied.
    """
    now = now or timezone.now()
    codes = {line.edition.lower() for line in lines if line.edition}
    # Lock the editions in a fixed order, so two imports never wait on each other in a cycle.
    list(
        Edition.objects.select_for_update(of=("self",))
        .alias(code_lower=Lower("code"))
        .filter(code_lower__in=codes)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    plan = plan_import(lines)
    if not plan.is_valid:
        raise ImportRejected(plan)
    if expected_actions is not None:
        changed = [
            planned
            for planned, action in zip(plan.lines, expected_actions, strict=False)
            if planned.action != action
        ]
        for planned in changed:
            planned.notes.append(_("Diversa dall'anteprima precedente."))
        if changed or len(expected_actions) != len(plan.lines):
            raise ImportRejected(plan)
    for planned in plan.lines:
        if not planned.changes_something:
            continue
        # A line that changes something has passed the plan's checks, its edition included.
        assert planned.edition is not None
        try:
            person = planned.person
            if person is None:
                person, created = person_find_or_create(
                    email=planned.line.email,
                    first_name=planned.line.first_name,
                    last_name=planned.line.last_name,
                    centre=planned.centre,
                    by=by,
                )
                if not created:
                    raise Refused(_("Nel frattempo è stato creato un account con questa email."))
            enrolment = enrolment_enrol(
                user=person,
                edition=planned.edition,
                by=by,
                source=Enrolment.Source.IMPORT,
                waitlist_if_full=True,
                now=now,
            )
            if enrolment.status != planned.outcome:
                raise Refused(_("Nel frattempo i posti dell'edizione sono cambiati."))
        except Refused as refusal:
            planned.errors.append(str(refusal.message))
            raise ImportRejected(plan) from None
    audit_record(
        actor=by,
        action=AuditAction.IMPORT,
        target=", ".join(sorted({p.edition.code for p in plan.lines if p.edition}))[:300],
        detail={
            "kind": "enrolments",
            "lines": len(plan.lines),
            "changed": sum(1 for planned in plan.lines if planned.changes_something),
        },
    )
    return plan
