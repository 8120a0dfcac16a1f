"""Changing the yearly record: declarations and their decisions, event attendance,
statements and reminders. One transaction each; every refusal is ``Refused``."""

import hashlib
from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.functional import Promise
from django.utils.translation import gettext as _

from certificates import codes
from website.accounts.models import User
from website.core.exceptions import Refused
from website.core.uploads import CheckedUpload

from . import credentials, notices, permissions
from .models import EventAttendance, ExternalTraining, ExternalTrainingEvent, Statement
from .selectors import person_year

if TYPE_CHECKING:
    from website.cms.models import EventPage

Event = ExternalTrainingEvent.Action
CHANGEABLE = ("title", "provider", "starts_on", "ends_on", "hours")
MAX_HOURS = Decimal("2000")


def _record(
    declaration: ExternalTraining,
    action: str,
    actor: User,
    *,
    reason: str = "",
    details: dict[str, Any] | None = None,
) -> None:
    ExternalTrainingEvent.objects.create(
        declaration=declaration, action=action, actor=actor, reason=reason, details=details or {}
    )


def _check_facts(
    *, title: str, provider: str, starts_on: date, ends_on: date, hours: Decimal, today: date
) -> None:
    if not title.strip() or not provider.strip():
        raise Refused(_("Indica il titolo e l'ente che ha erogato la formazione."))
    if ends_on < starts_on:
        raise Refused(_("La data di fine non può precedere quella di inizio."))
    if ends_on > today:
        raise Refused(_("Si dichiara solo formazione già conclusa: la data di fine è nel futuro."))
    if starts_on.year < 2000:
        raise Refused(_("La data di inizio non è plausibile."))
    if not (Decimal("0.5") <= hours <= MAX_HOURS):
        raise Refused(_("Le ore devono essere tra 0,5 e 2000."))


def _verified(token: str, hours: Decimal) -> credentials.Verification:
    verification = credentials.verify(token)
    if not verification.is_valid:
        raise Refused(
            _("La credenziale non è stata accettata: %(why)s") % {"why": verification.message}
        )
    if verification.hours is not None and hours > verification.hours:
        raise Refused(
            _("La credenziale attesta %(claimed)s ore: non se ne possono dichiarare di più.")
            % {"claimed": verification.hours}
        )
    return verification


def declaration_create(
    *,
    user: User,
    title: str,
    provider: str,
    starts_on: date,
    ends_on: date,
    hours: Decimal,
    evidence_file: CheckedUpload | None = None,
    credential: str = "",
    today: date | None = None,
) -> ExternalTraining:
    """A person declares external training, with a PDF certificate or an OB3 credential.

    A credential is verified first: only a valid one is accepted. The managers of the
    person's centre are told there is something to decide.
    """
    today = today or timezone.localdate()
    _check_facts(
        title=title,
        provider=provider,
        starts_on=starts_on,
        ends_on=ends_on,
        hours=hours,
        today=today,
    )
    if bool(evidence_file) == bool(credential.strip()):
        raise Refused(_("Allega l'attestato in PDF oppure incolla la credenziale, uno dei due."))
    verification = _verified(credential, hours) if credential.strip() else None
    with transaction.atomic():
        declaration = ExternalTraining(
            user=user,
            title=title.strip(),
            provider=provider.strip(),
            starts_on=starts_on,
            ends_on=ends_on,
            hours=hours,
        )
        if verification is not None:
            declaration.evidence = ExternalTraining.Evidence.CREDENTIAL
            declaration.credential = credential.strip()
            declaration.credential_verdict = verification.verdict
            declaration.credential_issuer = verification.issuer[:300]
            declaration.credential_checked_at = timezone.now()
        elif evidence_file is not None:  # the one or the other, checked above
            declaration.evidence = ExternalTraining.Evidence.PDF
            declaration.evidence_name = evidence_file.name
            declaration.evidence_file = ContentFile(evidence_file.file.read(), name="evidence.pdf")
        declaration.save()
        _record(declaration, Event.DECLARED, user, details=_facts(declaration))
        transaction.on_commit(lambda: notices.declaration_to_decide(declaration))
    return declaration


def _facts(declaration: ExternalTraining) -> dict[str, Any]:
    return {
        "title": declaration.title,
        "provider": declaration.provider,
        "starts_on": declaration.starts_on.isoformat(),
        "ends_on": declaration.ends_on.isoformat(),
        "hours": str(Decimal(declaration.hours).quantize(Decimal("0.1"))),
        "evidence": declaration.evidence,
        "credential_verdict": declaration.credential_verdict,
    }


def declaration_update(
    *,
    declaration: ExternalTraining,
    user: User,
    title: str,
    provider: str,
    starts_on: date,
    ends_on: date,
    hours: Decimal,
    today: date | None = None,
) -> ExternalTraining:
    """The author corrects a declaration waiting for a decision or sent back: it waits again."""
    today = today or timezone.localdate()
    with transaction.atomic():
        declaration = ExternalTraining.objects.select_for_update().get(pk=declaration.pk)
        if not permissions.can_change_declaration(user, declaration):
            raise Refused(_("Questa dichiarazione non si può più modificare."))
        _check_facts(
            title=title,
            provider=provider,
            starts_on=starts_on,
            ends_on=ends_on,
            hours=hours,
            today=today,
        )
        if declaration.credential:
            _verified(declaration.credential, hours)
        before = _facts(declaration)
        declaration.title, declaration.provider = title.strip(), provider.strip()
        declaration.starts_on, declaration.ends_on, declaration.hours = starts_on, ends_on, hours
        declaration.status = ExternalTraining.Status.PENDING
        declaration.save()
        after = _facts(declaration)
        changes = {key: [before[key], after[key]] for key in after if before[key] != after[key]}
        _record(declaration, Event.CHANGED, user, details=changes)
        transaction.on_commit(lambda: notices.declaration_to_decide(declaration))
    return declaration


def declaration_withdraw(*, declaration: ExternalTraining, user: User) -> ExternalTraining:
    with transaction.atomic():
        declaration = ExternalTraining.objects.select_for_update().get(pk=declaration.pk)
        if not permissions.can_change_declaration(user, declaration):
            raise Refused(_("Questa dichiarazione non si può più ritirare."))
        declaration.status = ExternalTraining.Status.WITHDRAWN
        declaration.save(update_fields=["status"])
        _record(declaration, Event.WITHDRAWN, user)
    return declaration


def _decidable(declaration: ExternalTraining, user: User) -> ExternalTraining:
    declaration = (
        ExternalTraining.objects.select_for_update(of=("self",))
        .select_related("user")
        .get(pk=declaration.pk)
    )
    if declaration.user_id == user.pk:
        raise Refused(_("Non si può approvare o respingere la propria dichiarazione."))
    if not permissions.can_decide(user, declaration):
        raise Refused(_("Non puoi decidere le dichiarazioni di questa persona."))
    if declaration.status != ExternalTraining.Status.PENDING:
        raise Refused(_("La dichiarazione non è in attesa di una decisione."))
    return declaration


def declaration_approve(*, declaration: ExternalTraining, user: User) -> ExternalTraining:
    """The manager approves: the hours count. A credential is verified again first.

    An issuer that cannot be reached keeps the earlier valid verdict (it was verified
    when declared, and the time is kept); any other verdict is recorded and refuses
    the approval.
    """
    with transaction.atomic():
        declaration = _decidable(declaration, user)
    verification = credentials.verify(declaration.credential) if declaration.credential else None
    unreachable = ExternalTraining.CredentialVerdict.UNREACHABLE
    with transaction.atomic():
        declaration = _decidable(declaration, user)
        if verification is not None and verification.verdict != unreachable:
            declaration.credential_verdict = verification.verdict
            declaration.credential_checked_at = timezone.now()
            declaration.save(update_fields=["credential_verdict", "credential_checked_at"])
            _record(declaration, Event.VERIFIED, user, details={"verdict": verification.verdict})
        refused = verification is not None and verification.verdict not in (
            ExternalTraining.CredentialVerdict.VALID,
            unreachable,
        )
        if not refused:
            declaration.status = ExternalTraining.Status.APPROVED
            declaration.decided_by, declaration.decided_at = user, timezone.now()
            declaration.reason = ""
            declaration.save(update_fields=["status", "decided_by", "decided_at", "reason"])
            _record(declaration, Event.APPROVED, user)
            transaction.on_commit(lambda: notices.declaration_decided(declaration))
    if refused and verification is not None:
        raise Refused(_("La credenziale non è più valida: %(why)s") % {"why": verification.message})
    return declaration


def declaration_return(
    *, declaration: ExternalTraining, user: User, reason: str
) -> ExternalTraining:
    """The manager sends it back with a reason; the author may correct it and send it again."""
    reason = (reason or "").strip()
    if not reason:
        raise Refused(_("Scrivi il motivo: la persona lo leggerà per correggere la dichiarazione."))
    with transaction.atomic():
        declaration = _decidable(declaration, user)
        declaration.status = ExternalTraining.Status.RETURNED
        declaration.decided_by, declaration.decided_at = user, timezone.now()
        declaration.reason = reason[:2000]
        declaration.save(update_fields=["status", "decided_by", "decided_at", "reason"])
        _record(declaration, Event.RETURNED, user, reason=declaration.reason)
        transaction.on_commit(lambda: notices.declaration_decided(declaration))
    return declaration


def event_attendance_confirm(
    *,
    event: "EventPage",
    user_ids: Iterable[int | str],
    hours: Decimal,
    confirmed_by: User,
    today: date | None = None,
) -> int:
    """The organiser confirms that registered people attended; returns how many are new.

    Only people registered to the event, and only from the event's first day on.
    Confirming someone again changes nothing.
    """
    from website.cms.models import EventRegistration

    today = today or timezone.localdate()
    if not permissions.can_confirm_event_attendance(confirmed_by):
        raise Refused(_("Non puoi confermare le presenze agli eventi."))
    if event.date > today:
        raise Refused(_("Le presenze si confermano dal giorno dell'evento."))
    if not (Decimal("0.5") <= hours <= Decimal("100")):
        raise Refused(_("Le ore di un evento devono essere tra 0,5 e 100."))
    user_ids = {int(pk) for pk in user_ids}
    registered = set(
        EventRegistration.objects.filter(event=event, user_id__in=user_ids).values_list(
            "user_id", flat=True
        )
    )
    if not user_ids or registered != user_ids:
        raise Refused(_("Si conferma la presenza solo di chi era iscritto all'evento."))
    created = 0
    with transaction.atomic():
        for user_id in sorted(registered):
            try:
                with transaction.atomic():
                    _row, made = EventAttendance.objects.get_or_create(
                        event=event,
                        user_id=user_id,
                        defaults={"hours": hours, "confirmed_by": confirmed_by},
                    )
            except IntegrityError:
                made = False
            created += made
    return created


def statement_issue(*, user: User, year: int, today: date | None = None) -> Statement:
    """The person's yearly statement as things stand: lines, totals, PDF and a code. Frozen."""
    from .pdf import render_statement

    today = today or timezone.localdate()
    if year > today.year or year < 2000:
        raise Refused(_("Si può emettere la dichiarazione solo per un anno iniziato."))
    language = user.language or "it"
    record = person_year(user, year, today=today)
    with translation.override(language):
        snapshot = {
            "person": {
                "name": user.get_full_name() or user.email,
                "centre": user.centre.name if user.centre is not None else "",
                "job_title": user.job_title,
            },
            "year": year,
            "target": str(record.target.hours),
            "hours": str(record.hours),
            "lines": [
                {
                    "date": line.date.isoformat(),
                    "title": line.title,
                    "provider": line.provider,
                    "hours": str(line.hours),
                    "kind": line.kind,
                    "kind_label": str(dict(_kind_labels())[line.kind]),
                    "evidence": str(line.evidence),
                }
                for line in record.counted_lines
            ],
            "issued_on": today.isoformat(),
        }
        with transaction.atomic():
            for _attempt in range(5):
                code = codes.new_code()
                if not Statement.objects.filter(code=code).exists():
                    break
            pdf = render_statement(snapshot, code, language)
            statement = Statement(
                user=user,
                year=year,
                code=code,
                language=language,
                snapshot=snapshot,
                pdf_sha256=hashlib.sha256(pdf).hexdigest(),
            )
            statement.pdf = ContentFile(pdf, name=f"{code}.pdf")
            statement.save()
    return statement


def _kind_labels() -> list[tuple[str, str | Promise]]:
    from .models import Kind

    return [(kind.value, kind.label) for kind in Kind]


REMINDERS_FROM_MONTH = 9


def reminders_send(*, today: date | None = None) -> tuple[int, int]:
    """From September, remind people behind pace and tell their managers: once a month each.

    Idempotent: a ``ReminderSent`` row per person, kind and month is taken before
    telling, so a second run in the month (or a parallel one) sends nothing again.
    People who opted out in their preferences get no reminder (their managers still
    see them). Returns (people reminded, managers told).
    """
    from collections import defaultdict

    from website.accounts.models import EmploymentCentre

    from .models import ReminderPreference, ReminderSent
    from .selectors import StaffRow, year_records

    today = today or timezone.localdate()
    if today.month < REMINDERS_FROM_MONTH:
        return 0, 0
    year, month = today.year, today.month
    staff = list(User.objects.filter(is_active=True, centre__isnull=False).select_related("centre"))
    records = year_records([person.pk for person in staff], year, today=today)
    opted_out = set(
        ReminderPreference.objects.filter(wants_reminders=False).values_list("user_id", flat=True)
    )
    behind = [StaffRow(p, records[p.pk]) for p in staff if records[p.pk].behind_pace]

    def claim(user: User, kind: str) -> bool:
        try:
            with transaction.atomic():
                ReminderSent.objects.create(user=user, kind=kind, year=year, month=month)
        except IntegrityError:
            return False
        return True

    people = 0
    for row in behind:
        if row.person.pk not in opted_out and claim(row.person, ReminderSent.Kind.PERSON):
            notices.behind_pace(row.person, row.record)
            people += 1
    by_centre = defaultdict(list)
    for row in behind:
        by_centre[row.person.centre_id].append(row)
    managers = 0
    centres = EmploymentCentre.objects.filter(pk__in=by_centre).prefetch_related("managers")
    for centre in centres:
        rows = list(by_centre[centre.pk])
        for manager in centre.managers.all():
            if not manager.is_active:
                continue
            own = [row for row in rows if row.person.pk != manager.pk]
            if own and claim(manager, ReminderSent.Kind.MANAGER):
                notices.staff_behind_pace(manager, centre, own)
                managers += 1
    return people, managers


def reminder_preference_set(*, user: User, wants_reminders: bool) -> None:
    from .models import ReminderPreference

    with transaction.atomic():
        ReminderPreference.objects.update_or_create(
            user=user, defaults={"wants_reminders": wants_reminders}
        )
