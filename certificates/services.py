"""Issuing, revoking and reissuing certificates; bulk issue runs.

Certificates are issued under the database's guarantee of one valid
certificate per person and course: two runs at once, or a run and a single
issue, can race and still give each person one certificate. A single issue
is one transaction; a bulk run writes a batch of certificates (their rows,
events and notices) in one transaction and, when a batch meets a conflict,
issues that batch again one certificate per transaction. PDFs, credentials
and files are made before a transaction opens, so it lasts milliseconds.
"""

import calendar
import hashlib
import io
import json
import logging
import secrets
import uuid
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import F, Max
from django.db.models.fields.files import FieldFile
from django.template.defaultfilters import floatformat
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from PIL import Image as PillowImage

from courses.models import Edition
from courses.templatetags.courses_tags import format_hours
from website.accounts.types import User
from website.core.exceptions import Refused
from website.core.links import absolute_url
from website.notifications.services import pushes_held

from . import credentials, notices, selectors
from .codes import new_code
from .models import (
    Certificate,
    CertificateEvent,
    CertificateRule,
    CertificateTemplate,
    CertificateTemplateVersion,
    IssueRun,
)
from .pdf import render_certificate
from .selectors import Standing

# A certificate's snapshot: the JSON stored with it (what the PDF and the credential say).
Snapshot = dict[str, Any]

logger = logging.getLogger(__name__)

# A run that has not moved for this long lost its worker: a new one may start.
STALE_RUN = timedelta(minutes=15)
# The largest image a template version keeps (pixels): plenty for print at this size.
IMAGE_BOUNDS = {"logo": (900, 320), "signature": (720, 200)}
# A bulk run writes this many certificates per transaction (and moves its progress as often).
ISSUE_BATCH = 25
# A status list takes new certificates until a quarter of it is used, keeping positions random.
STATUS_LIST_FILL = credentials.STATUS_LIST_SIZE // 4


def status_list_cache_key(number: int) -> str:
    return f"certificates:status-list:{number}"


# --- Template versions ---------------------------------------------------------------------------


def _file_fingerprint(field_file: FieldFile) -> list[str] | None:
    # The name changes with every upload; the hash also catches a file rewritten in place.
    if not field_file:
        return None
    digest = hashlib.sha256()
    with field_file.open("rb") as stored:
        for chunk in stored.chunks():
            digest.update(chunk)
    return [str(field_file.name), digest.hexdigest()]


def template_fingerprint(template: CertificateTemplate) -> str:
    content = {
        "issuer_name": template.issuer_name,
        "issuer_office": template.issuer_office,
        "issuer_place": template.issuer_place,
        "signatory_name": template.signatory_name,
        "signatory_role": template.signatory_role,
        "logo": _file_fingerprint(template.logo),
        "signature": _file_fingerprint(template.signature),
    }
    return hashlib.sha256(json.dumps(content, sort_keys=True).encode()).hexdigest()


def _print_copy(field_file: FieldFile, bounds: tuple[int, int]) -> ContentFile[bytes]:
    """The image flattened on white as a JPEG, which reportlab embeds without re-encoding."""
    with field_file.open("rb") as source:
        picture: PillowImage.Image = PillowImage.open(source)
        picture.load()
    picture.thumbnail(bounds)
    if picture.mode in ("RGBA", "LA", "P"):
        picture = picture.convert("RGBA")
        flat = PillowImage.new("RGB", picture.size, "white")
        flat.paste(picture, mask=picture.getchannel("A"))
        picture = flat
    elif picture.mode != "RGB":
        picture = picture.convert("RGB")
    output = io.BytesIO()
    picture.save(output, format="JPEG", quality=92, optimize=True)
    return ContentFile(output.getvalue())


def template_version_current(*, template: CertificateTemplate) -> CertificateTemplateVersion:
    """The version matching the template as it is now, made when the template changed."""
    fingerprint = template_fingerprint(template)
    existing = template.versions.filter(fingerprint=fingerprint).first()
    if existing is not None:
        return existing
    number = (template.versions.aggregate(last=Max("number"))["last"] or 0) + 1
    version = CertificateTemplateVersion(
        template=template,
        number=number,
        fingerprint=fingerprint,
        issuer_name=template.issuer_name,
        issuer_office=template.issuer_office,
        issuer_place=template.issuer_place,
        signatory_name=template.signatory_name,
        signatory_role=template.signatory_role,
    )
    for name in ("logo", "signature"):
        image = getattr(template, name)
        if image:
            getattr(version, name).save(
                f"{name}.jpg", _print_copy(image, IMAGE_BOUNDS[name]), save=False
            )
    try:
        with transaction.atomic():
            version.save()
    except IntegrityError:
        # Another run made the same version a moment ago.
        return template.versions.get(fingerprint=fingerprint)
    return version


# --- Issue ---------------------------------------------------------------------------------------


def add_months(day: date, months: int) -> date:
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    last_day = calendar.monthrange(year, month)[1]
    return day.replace(year=year, month=month, day=min(day.day, last_day))


# Stands for the code in a verification address reversed once per run.
_CODE_MARK = "CODE0MARK"


@dataclass
class Preparation:
    """What every certificate of one edition shares, read once per run."""

    edition: Edition
    rule: CertificateRule
    version: CertificateTemplateVersion
    status_list: int
    course_url: str = ""
    verification_url_parts: tuple[str, str] = ("", "")
    addresses: credentials.Addresses | None = None
    # Per language: the rule's conditions and the credential's sentences every holder shares.
    _shared_texts: dict[str, dict[str, Any]] = field(default_factory=dict, repr=False)

    def verification_url(self, code: str) -> str:
        head, tail = self.verification_url_parts
        return head + code + tail

    def shared_texts(self, language: str) -> dict[str, Any]:
        """Made once per language and run, in the active language (the holder's)."""
        texts = self._shared_texts.get(language)
        if texts is None:
            texts = self._shared_texts[language] = _edition_texts(self)
        return texts


def prepare(edition: Edition) -> Preparation:
    if not selectors.edition_is_issuable(edition):
        raise Refused(_("Il registro dell'edizione non è ancora chiuso."))
    rule = selectors.rule_for(edition.course)
    template = selectors.template_for(rule)
    if template is None:
        raise Refused(
            _("Manca un modello di attestato: creane uno predefinito in «Modelli di attestato».")
        )
    head, tail = absolute_url("certificates:verify_code", _CODE_MARK).split(_CODE_MARK)
    status_list = _open_status_list()
    return Preparation(
        edition=edition,
        rule=rule,
        version=template_version_current(template=template),
        status_list=status_list,
        course_url=absolute_url(edition.course.get_absolute_url()),
        verification_url_parts=(head, tail),
        addresses=credentials.addresses(status_list),
    )


def _open_status_list() -> int:
    last = Certificate.objects.aggregate(last=Max("status_list"))["last"] or 1
    if Certificate.objects.filter(status_list=last).count() >= STATUS_LIST_FILL:
        return last + 1
    return last


def _snapshot(
    *,
    standing: Standing,
    prep: Preparation,
    code: str,
    issued_at: datetime,
    expires_on: date | None,
    language: str,
) -> Snapshot:
    edition, course, version = prep.edition, prep.edition.course, prep.version
    attendance, user = standing.attendance, standing.user
    return {
        "format": 1,
        "code": code,
        "language": language,
        "holder": {
            "name": user.get_full_name() or user.email,
            "centre": user.centre.name if user.centre is not None else "",
        },
        "course": {
            "code": course.code,
            "title": course.title,
            "url": prep.course_url,
            "threshold": str(course.attendance_threshold),
        },
        "programme": {"title": course.programme.title, "funder": course.programme.funder},
        "edition": {
            "code": edition.code,
            "cluster": edition.cluster.name if edition.cluster is not None else "",
            "starts_on": edition.starts_on.isoformat(),
            "ends_on": edition.ends_on.isoformat(),
        },
        "hours": {
            "attended": str(attendance.attended_hours),
            "total": str(attendance.total_hours),
            "share": str(attendance.share),
        },
        "conditions": prep.shared_texts(language)["conditions"],
        "issuer": {
            "name": version.issuer_name,
            "office": version.issuer_office,
            "place": version.issuer_place,
            "signatory_name": version.signatory_name,
            "signatory_role": version.signatory_role,
        },
        "template": {"id": version.template_id, "version": version.number},
        "issued_on": timezone.localdate(issued_at).isoformat(),
        "expires_on": expires_on.isoformat() if expires_on else None,
        "verification_url": prep.verification_url(code),
    }


def _edition_texts(prep: Preparation) -> dict[str, Any]:
    """What every holder's snapshot and credential say alike, in the active language."""
    course, edition = prep.edition.course, prep.edition
    conditions = selectors.condition_labels(prep.rule)
    criteria = _("Frequenza di almeno il %(threshold)s%% delle ore dell'edizione.") % {
        "threshold": floatformat(str(course.attendance_threshold), "-2")
    }
    if conditions:
        criteria += " " + _("Inoltre: %(conditions)s.") % {"conditions": "; ".join(conditions)}
    return {
        "conditions": conditions,
        "name": _("Attestato di partecipazione – %(course)s")
        % {"course": f"{course.code} – {course.title}"},
        "description": _("Partecipazione all'unità didattica %(code)s del piano «%(programme)s».")
        % {"code": course.code, "programme": course.programme.title},
        "criteria": criteria,
        "evidence": _(
            "Registro presenze dell'edizione %(edition)s (dal %(start)s al %(end)s): "
            "%(attended)s ore frequentate su %(total)s."
        ),
        "start": date_format(edition.starts_on, "DATE_FORMAT"),
        "end": date_format(edition.ends_on, "DATE_FORMAT"),
    }


def _credential_texts(snapshot: Snapshot, prep: Preparation) -> dict[str, str]:
    """The credential's sentences, in the active (holder's) language."""
    shared, hours = prep.shared_texts(snapshot["language"]), snapshot["hours"]
    return {
        "name": shared["name"],
        "description": shared["description"],
        "criteria": shared["criteria"],
        "evidence": shared["evidence"]
        % {
            "edition": snapshot["edition"]["code"],
            "start": shared["start"],
            "end": shared["end"],
            "attended": format_hours(hours["attended"]),
            "total": format_hours(hours["total"]),
        },
    }


def _build(
    standing: Standing,
    prep: Preparation,
    *,
    by: User | None,
    run: IssueRun | None,
    replaces: Certificate | None,
    now: datetime | None,
) -> tuple[Certificate, bytes]:
    """An unsaved, signed certificate with its PDF bytes: the slow work, outside any transaction."""
    user = standing.user
    language = user.language or settings.LANGUAGE_CODE
    issued_at = (now or timezone.now()).replace(microsecond=0)
    months = prep.rule.validity_months
    expires_on = add_months(timezone.localdate(issued_at), months) if months else None
    code = new_code()
    with translation.override(language):
        snapshot = _snapshot(
            standing=standing,
            prep=prep,
            code=code,
            issued_at=issued_at,
            expires_on=expires_on,
            language=language,
        )
        texts = _credential_texts(snapshot, prep)
    certificate = Certificate(
        code=code,
        user=user,
        edition=prep.edition,
        course=prep.edition.course,
        language=language,
        attended_hours=standing.attendance.attended_hours,
        total_hours=standing.attendance.total_hours,
        issued_at=issued_at,
        issued_by=by,
        expires_on=expires_on,
        template_version=prep.version,
        snapshot=snapshot,
        credential_id=uuid.uuid4(),
        status_list=prep.status_list,
        status_index=secrets.randbelow(credentials.STATUS_LIST_SIZE),
        replaces=replaces,
        issue_run=run,
    )
    pdf = render_certificate(snapshot, prep.version)
    certificate.pdf_sha256 = hashlib.sha256(pdf).hexdigest()
    shared = prep.addresses
    certificate.credential = credentials.sign(
        credentials.credential_payload(certificate=certificate, texts=texts, shared=shared),
        kid=shared.key_id if shared else None,
    )
    return certificate, pdf


def _file(certificate: Certificate, pdf: bytes) -> None:
    """The PDF written through the field's storage as ``FieldFile.save`` does, less the
    storage's search for a free name beforehand (a look at the disk and three checks of
    the name, a sixth of the write): the name holds the certificate's fresh random code, and
    the storage's own write still takes another name should that one exist."""
    field_file = certificate.pdf
    name = field_file.field.generate_filename(certificate, f"{certificate.code}.pdf")
    field_file.name = field_file.storage._save(name, ContentFile(pdf))
    field_file._committed = True


def _unstore(certificate: Certificate) -> None:
    """Undo _file after a rolled-back write: the file goes, the object is new again."""
    certificate.pdf.storage.delete(certificate.pdf.name)
    certificate.pk = None
    certificate._state.adding = True


def _store_batch(built: list[tuple[Certificate, bytes]], *, notify: bool) -> bool:
    """Write a batch of a run's new certificates in one transaction; False (nothing written)
    when any of them meets a conflict: a person issued meanwhile, a code or slot drawn twice.

    The holders' e-mails and notices are one background task for the batch (holders_tell),
    queued when the batch commits: each certificate says its notice is pending until then.
    """
    for certificate, pdf in built:
        _file(certificate, pdf)
        certificate.notice_pending = notify
    certificates = [certificate for certificate, _pdf in built]
    run_id = certificates[0].issue_run_id
    try:
        with transaction.atomic():
            Certificate.objects.bulk_create(certificates)
            CertificateEvent.objects.bulk_create(
                CertificateEvent(
                    certificate=certificate,
                    kind=CertificateEvent.Kind.ISSUED,
                    by=certificate.issued_by,
                )
                for certificate in certificates
            )
            if run_id:
                IssueRun.objects.filter(pk=run_id).update(
                    issued=F("issued") + len(certificates), updated_at=timezone.now()
                )
            if notify:
                _queue_notices([certificate.pk for certificate in certificates])
    except IntegrityError:
        for certificate in certificates:
            _unstore(certificate)
        return False
    return True


def _queue_notices(certificate_ids: list[int]) -> None:
    from .tasks import tell_holders

    transaction.on_commit(lambda: tell_holders.enqueue(certificate_ids=certificate_ids))


def _tell_pending(certificate_ids: list[int]) -> int:
    """Tell the holders whose notice is still pending, in one transaction; how many."""
    with transaction.atomic():
        pending = list(
            Certificate.objects.select_for_update(of=("self",))
            .filter(pk__in=certificate_ids, notice_pending=True)
            .select_related("user")
            .order_by("pk")
        )
        if not pending:
            return 0
        Certificate.objects.filter(pk__in=[c.pk for c in pending]).update(notice_pending=False)
        notices.tell_holders(pending, notices.READY)
    return len(pending)


def holders_tell(*, certificate_ids: list[int]) -> int:
    """E-mail and notify the holders of certificates issued in bulk, each exactly once.

    A notice is told and marked as told in the same transaction (its e-mail leaves after
    the commit), so running this again, or twice at once, tells nobody twice. The batch is
    one transaction; when it fails, one transaction per holder, so one holder who cannot
    be told holds up nobody else: theirs stays pending, the task fails (and says so), and
    the edition's next issue run queues the pending notices again.
    """
    with pushes_held():
        try:
            return _tell_pending(certificate_ids)
        except Exception:
            logger.exception("Telling the holders of certificates %s failed", certificate_ids)
        told, failed = 0, []
        for certificate_id in certificate_ids:
            try:
                told += _tell_pending([certificate_id])
            except Exception:
                logger.exception("Telling the holder of certificate %s failed", certificate_id)
                failed.append(certificate_id)
    if failed:
        raise RuntimeError(f"The holders of certificates {failed} are still to be told")
    return told


def _store(certificate: Certificate, pdf: bytes, *, reason: str, notify: bool) -> bool:
    """Write the certificate in one transaction; False when the person already holds one."""
    _file(certificate, pdf)
    try:
        with transaction.atomic():
            certificate.save()
            if certificate.replaces_id:
                CertificateEvent.objects.create(
                    certificate=certificate,
                    kind=CertificateEvent.Kind.REISSUED,
                    by=certificate.issued_by,
                    reason=reason,
                    related_id=certificate.replaces_id,
                )
            else:
                CertificateEvent.objects.create(
                    certificate=certificate,
                    kind=CertificateEvent.Kind.ISSUED,
                    by=certificate.issued_by,
                    reason=reason,
                )
            if certificate.issue_run_id:
                IssueRun.objects.filter(pk=certificate.issue_run_id).update(
                    issued=F("issued") + 1, updated_at=timezone.now()
                )
            if notify:
                notices.tell_holder(certificate, notices.READY)
    except IntegrityError:
        _unstore(certificate)
        return False
    return True


def _issue(
    standing: Standing,
    prep: Preparation,
    *,
    by: User | None,
    run: IssueRun | None = None,
    replaces: Certificate | None = None,
    reason: str = "",
    notify: bool = True,
    now: datetime | None = None,
) -> Certificate | None:
    """Issue one certificate; None when someone else issued this person's a moment earlier."""
    for _attempt in range(5):
        certificate, pdf = _build(standing, prep, by=by, run=run, replaces=replaces, now=now)
        if _store(certificate, pdf, reason=reason, notify=notify):
            return certificate
        already = Certificate.objects.filter(
            user=standing.user, course=prep.edition.course, status=Certificate.Status.VALID
        )
        if already.exists():
            return None
        # Otherwise the random code or status position was taken: draw again.
    raise RuntimeError("Could not find a free code and status position for a certificate")


def certificate_issue(
    *, edition: Edition, user: User, by: User, notify: bool = True
) -> Certificate:
    """Issue one person's certificate for an edition, if they meet the rule and hold none."""
    prep = prepare(edition)
    standing = selectors.standing_of(edition, user.pk, rule=prep.rule)
    if standing is None:
        raise Refused(_("Questa persona non ha un posto confermato nell'edizione."))
    if standing.certificate is not None:
        raise Refused(_("Questa persona ha già un attestato per questo corso."))
    if not standing.meets_rule:
        raise Refused(_("Questa persona non soddisfa la regola dell'attestato."))
    certificate = _issue(standing, prep, by=by, notify=notify)
    if certificate is None:
        raise Refused(_("Questa persona ha già un attestato per questo corso."))
    return certificate


def certificates_issue_edition(
    *,
    edition: Edition,
    by: User | None,
    run: IssueRun | None = None,
    notify: bool = True,
    issued_at: datetime | None = None,
) -> tuple[int, int]:
    """Issue every certificate the edition's rule grants and nobody holds yet.

    Running it again issues nothing twice. Returns (issued, skipped), where
    skipped are people whose certificate another run issued meanwhile.
    ``issued_at`` (never later than now) back-dates the issue, for the demo.
    """
    if issued_at is not None:
        issued_at = min(issued_at, timezone.now())
    prep = prepare(edition)
    if notify:
        # Notices a failed task left behind (see holders_tell): queued again, told once.
        untold = list(
            Certificate.objects.filter(edition=edition, notice_pending=True).values_list(
                "pk", flat=True
            )
        )
        if untold:
            _queue_notices(untold)
    pending = [s for s in selectors.edition_standings(edition, rule=prep.rule) if s.may_be_issued]
    if run is not None:
        IssueRun.objects.filter(pk=run.pk).update(total=len(pending), updated_at=timezone.now())
    issued = skipped = 0
    with pushes_held():  # one live push per holder at the end, not one event loop each
        for start in range(0, len(pending), ISSUE_BATCH):
            batch = pending[start : start + ISSUE_BATCH]
            built = [
                _build(standing, prep, by=by, run=run, replaces=None, now=issued_at)
                for standing in batch
            ]
            if _store_batch(built, notify=notify):
                issued += len(batch)
                continue
            # A conflict somewhere in the batch: one transaction per certificate, as ever.
            for standing in batch:
                if _issue(standing, prep, by=by, run=run, notify=notify, now=issued_at) is None:
                    skipped += 1
                    if run is not None:
                        IssueRun.objects.filter(pk=run.pk).update(
                            skipped=F("skipped") + 1, updated_at=timezone.now()
                        )
                else:
                    issued += 1
    return issued, skipped


# --- Revocation and reissue ----------------------------------------------------------------------


def _required_reason(reason: str | None, message: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise Refused(message)
    return reason


def _forget_status_list(number: int) -> None:
    transaction.on_commit(lambda: cache.delete(status_list_cache_key(number)))


def certificate_revoke(
    *, certificate: Certificate, by: User, reason: str, notify: bool = True
) -> Certificate:
    reason = _required_reason(reason, _("Indica il motivo della revoca."))
    with transaction.atomic():
        locked = Certificate.objects.select_for_update().get(pk=certificate.pk)
        if locked.status != Certificate.Status.VALID:
            raise Refused(_("Solo un attestato valido può essere revocato."))
        locked.status = Certificate.Status.REVOKED
        locked.revoked_at = timezone.now()
        locked.revoked_by = by
        locked.revocation_reason = reason
        locked.save(update_fields=["status", "revoked_at", "revoked_by", "revocation_reason"])
        CertificateEvent.objects.create(
            certificate=locked, kind=CertificateEvent.Kind.REVOKED, by=by, reason=reason
        )
        _forget_status_list(locked.status_list)
        if notify:
            notices.tell_holder(locked, notices.REVOKED)
    return locked


def certificate_reissue(
    *, certificate: Certificate, by: User, reason: str, notify: bool = True
) -> Certificate:
    """A new certificate from the register as it is now, replacing ``certificate``.

    The earlier one keeps its history and its code, which then verifies as
    replaced; a valid one becomes ``superseded``, a revoked one stays revoked.
    """
    reason = _required_reason(reason, _("Indica il motivo della riemissione."))
    if hasattr(certificate, "replaced_by") or certificate.status == Certificate.Status.SUPERSEDED:
        raise Refused(_("Questo attestato è già stato sostituito."))
    edition = certificate.edition
    prep = prepare(edition)
    standing = selectors.standing_of(edition, certificate.user_id, rule=prep.rule)
    if standing is None or not standing.meets_rule:
        raise Refused(
            _(
                "Con il registro attuale la persona non soddisfa più la regola: "
                "revoca l'attestato invece di riemetterlo."
            )
        )
    new, pdf = _build(standing, prep, by=by, run=None, replaces=certificate, now=None)
    with transaction.atomic():
        old = Certificate.objects.select_for_update().get(pk=certificate.pk)
        if old.status == Certificate.Status.SUPERSEDED or hasattr(old, "replaced_by"):
            raise Refused(_("Questo attestato è già stato sostituito."))
        if old.status == Certificate.Status.VALID:
            old.status = Certificate.Status.SUPERSEDED
            old.save(update_fields=["status"])
            _forget_status_list(old.status_list)
        if not _store(new, pdf, reason=reason, notify=notify):
            raise Refused(_("Nel frattempo è stato rilasciato un altro attestato."))
        CertificateEvent.objects.create(
            certificate=old,
            kind=CertificateEvent.Kind.REPLACED,
            by=by,
            reason=reason,
            related=new,
        )
    return new


# --- Bulk issue runs -----------------------------------------------------------------------------


def issue_run_start(*, edition: Edition, by: User) -> IssueRun:
    """Start (or return the already running) bulk issue of an edition; the worker does the rest."""
    prepare(edition)  # refuses at once what the worker would refuse
    active = selectors.active_run(edition)
    if active is not None:
        if timezone.now() - active.updated_at < STALE_RUN:
            return active
        IssueRun.objects.filter(pk=active.pk).update(
            state=IssueRun.State.FAILED,
            error=_("Interrotta: nessun avanzamento per più di 15 minuti."),
            finished_at=timezone.now(),
        )
    try:
        with transaction.atomic():
            run = IssueRun.objects.create(edition=edition, started_by=by)
    except IntegrityError:
        # Someone started one a moment ago: follow theirs.
        theirs = selectors.active_run(edition) or selectors.latest_run(edition)
        if theirs is None:  # and it is gone already: the conflict stands
            raise
        return theirs
    from .tasks import execute_issue_run

    transaction.on_commit(lambda: execute_issue_run.enqueue(run_id=run.pk))
    return run


def issue_run_execute(*, run_id: int) -> IssueRun:
    """The worker's side of a run: issue, count, finish (or record why it stopped)."""
    with transaction.atomic():
        run = (
            IssueRun.objects.select_for_update(of=("self",))
            .select_related("edition", "started_by")
            .get(pk=run_id)
        )
        if not run.is_active:
            return run
        run.state = IssueRun.State.RUNNING
        run.save(update_fields=["state", "updated_at"])
    try:
        certificates_issue_edition(edition=run.edition, by=run.started_by, run=run)
    except Exception as error:
        logger.exception("Certificate issue run %s failed", run_id)
        message = str(error.message) if isinstance(error, Refused) else str(error)
        IssueRun.objects.filter(pk=run_id).update(
            state=IssueRun.State.FAILED, error=message[:2000], finished_at=timezone.now()
        )
    else:
        IssueRun.objects.filter(pk=run_id).update(
            state=IssueRun.State.DONE, finished_at=timezone.now()
        )
    run.refresh_from_db()
    return run
