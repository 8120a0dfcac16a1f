"""A person's copy of their data, their erasure, and the end of the kept records' retention.

Each function is one transaction. What an app holds about a person is its own
business: it answers through the hooks in ``website.privacy.hooks``.
"""

import csv
import io
import json
import logging
import secrets
import zipfile
from datetime import datetime, timedelta

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.contrib.sessions.models import Session
from django.core.files.base import ContentFile
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.db.models import ProtectedError, Q, RestrictedError
from django.db.models.fields.files import FieldFile
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail import hooks

from website.accounts.models import AffiliationRequest, User
from website.audit.services import Action, audit_record
from website.core.exceptions import Refused
from website.core.retention import retention_purge as kept_records_purge
from website.core.spreadsheets import spreadsheet_text

from .hooks import ERASURE_HANDLERS, PERSONAL_DATA_SOURCES, RETENTION_HANDLERS, PersonalData
from .models import Erasure, PersonalDataExport

logger = logging.getLogger(__name__)

Status = PersonalDataExport.Status


def retention_years() -> int:
    return int(settings.AULA_RETENTION_YEARS)


# The copy -----------------------------------------------------------------------------------


@transaction.atomic
def export_request(*, person: User) -> PersonalDataExport:
    """Queue a copy of ``person``'s data; one at a time."""
    from .tasks import build_export

    User.objects.select_for_update().filter(pk=person.pk).first()
    if PersonalDataExport.objects.filter(
        person=person, status__in=[Status.QUEUED, Status.RUNNING]
    ).exists():
        raise Refused(_("Una copia dei tuoi dati è già in preparazione."))
    export = PersonalDataExport.objects.create(person=person)
    audit_record(
        actor=person,
        action=Action.PERSONAL_EXPORT,
        target=person,
        detail={"person_id": person.pk, "export_id": export.pk, "step": "requested"},
    )
    transaction.on_commit(lambda: build_export.enqueue(export_id=export.pk))
    return export


def collect(person: User) -> list[PersonalData]:
    """Every kind of record the apps hold about ``person``, in a stable order."""
    kinds: list[PersonalData] = []
    for source in hooks.get_hooks(PERSONAL_DATA_SOURCES):
        kinds.extend(source(person))
    return sorted(kinds, key=lambda kind: kind.name)


def _csv(rows: list[dict]) -> str:
    columns = list(dict.fromkeys(key for row in rows for key in row))
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow(columns)
    for row in rows:
        writer.writerow(
            [
                spreadsheet_text(
                    json.dumps(value, cls=DjangoJSONEncoder, ensure_ascii=False)
                    if isinstance(value, dict | list)
                    else value
                )
                for value in (row.get(column, "") for column in columns)
            ]
        )
    return buffer.getvalue()


def archive(kinds: list[PersonalData], *, person: User, now: datetime) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as package:
        index = {
            "person_id": person.pk,
            "prepared_at": now.isoformat(),
            "kinds": {kind.name: len(kind.rows) for kind in kinds},
        }
        package.writestr("indice.json", json.dumps(index, indent=2, ensure_ascii=False))
        for kind in kinds:
            package.writestr(
                f"json/{kind.name}.json",
                json.dumps(kind.rows, cls=DjangoJSONEncoder, indent=2, ensure_ascii=False),
            )
            package.writestr(f"csv/{kind.name}.csv", _csv(kind.rows))
    return buffer.getvalue()


def export_build(*, export_id: int, now: datetime | None = None) -> PersonalDataExport | None:
    """Gather the data, write the ZIP, make it downloadable for ``AULA_PERSONAL_DATA_DAYS``."""
    with transaction.atomic():
        export = (
            PersonalDataExport.objects.select_for_update()
            .select_related("person")
            .filter(pk=export_id, status=Status.QUEUED)
            .first()
        )
        if export is None:
            return None
        export.status = Status.RUNNING
        export.kinds_total = len(hooks.get_hooks(PERSONAL_DATA_SOURCES))
        export.save(update_fields=["status", "kinds_total"])
    person = export.person
    try:
        kinds: list[PersonalData] = []
        for done, source in enumerate(hooks.get_hooks(PERSONAL_DATA_SOURCES), start=1):
            kinds.extend(source(person))
            PersonalDataExport.objects.filter(pk=export.pk).update(kinds_done=done)
        now = now or timezone.now()
        content = archive(sorted(kinds, key=lambda kind: kind.name), person=person, now=now)
    except Exception:
        logger.exception("The copy of personal data %s failed", export.pk)
        PersonalDataExport.objects.filter(pk=export.pk).update(status=Status.FAILED)
        return None
    with transaction.atomic():
        export.refresh_from_db()
        export.file.save("dati.zip", ContentFile(content), save=False)
        export.status = Status.READY
        export.kinds_done = export.kinds_total
        export.finished_at = now
        export.expires_at = now + timedelta(days=settings.AULA_PERSONAL_DATA_DAYS)
        export.save()
    return export


def export_downloaded(*, export: PersonalDataExport, by: User) -> None:
    audit_record(
        actor=by,
        action=Action.PERSONAL_EXPORT,
        target=export.person,
        detail={"person_id": export.person_id, "export_id": export.pk, "step": "downloaded"},
    )


def _delete_file_after_commit(field_file: FieldFile) -> None:
    if field_file and field_file.name:
        storage, name = field_file.storage, field_file.name
        transaction.on_commit(lambda: storage.delete(name))


@transaction.atomic
def exports_expire(*, now: datetime | None = None) -> int:
    """Delete the copies whose download period has passed (and the failed ones a day old)."""
    now = now or timezone.now()
    gone = PersonalDataExport.objects.filter(
        Q(expires_at__lte=now) | Q(status=Status.FAILED, requested_at__lte=now - timedelta(days=1))
    )
    count = 0
    for export in gone.select_for_update():
        _delete_file_after_commit(export.file)
        export.delete()
        count += 1
    return count


# Erasure ------------------------------------------------------------------------------------


def new_pseudonym() -> str:
    while True:
        candidate = "P-" + secrets.token_hex(5).upper()
        if not Erasure.objects.filter(pseudonym=candidate).exists():
            return candidate


@transaction.atomic
def erasure_execute(*, person: User, now: datetime | None = None) -> Erasure:
    """Delete the account's personal data; keep, under a pseudonym, what funders require.

    The account's row stays (registers and certificates hang on it) with no name, no
    address and no way to log in; its forum posts show "Utente rimosso".
    """
    now = now or timezone.now()
    person = User.objects.select_for_update().get(pk=person.pk)
    if person.erased_at is not None:
        raise Refused(_("Questo account è già stato cancellato."))
    if person.is_superuser:
        raise Refused(_("Un amministratore non può cancellare il proprio account da qui."))
    pseudonym = new_pseudonym()
    for handler in hooks.get_hooks(ERASURE_HANDLERS):
        handler(person, pseudonym)
    for export in PersonalDataExport.objects.filter(person=person):
        _delete_file_after_commit(export.file)
        export.delete()
    AffiliationRequest.objects.filter(person=person).delete()
    EmailAddress.objects.filter(user=person).delete()
    _delete_other_accounts_data(person)
    person.first_name = person.last_name = person.job_title = person.fiscal_code = ""
    person.email = f"{pseudonym.lower()}@rimosso.invalid"
    person.centre = None
    person.is_active = person.is_staff = person.is_superuser = False
    person.language = settings.LANGUAGE_CODE
    person.erased_at = now
    person.set_unusable_password()
    person.save()
    person.groups.set(Group.objects.none())
    person.user_permissions.set(Permission.objects.none())
    _end_sessions(person)
    erasure = Erasure.objects.create(
        person=person,
        pseudonym=pseudonym,
        erased_at=now,
        keep_until=now + timedelta(days=round(365.25 * retention_years())),
    )
    audit_record(
        actor=None,
        action=Action.ERASURE,
        target=pseudonym,
        detail={"person_id": person.pk, "keep_until": erasure.keep_until.isoformat()},
    )
    return erasure


def _delete_other_accounts_data(person: User) -> None:
    """The second factors and institutional logins allauth keeps, when installed."""
    from django.apps import apps

    for label, model in (("mfa", "Authenticator"), ("socialaccount", "SocialAccount")):
        if apps.is_installed(f"allauth.{label}"):
            apps.get_model(label, model).objects.filter(user=person).delete()


def _end_sessions(person: User) -> None:
    if settings.SESSION_ENGINE not in (
        "django.contrib.sessions.backends.db",
        "django.contrib.sessions.backends.cached_db",
    ):
        return  # an inactive account is refused by the authentication backend anyway
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        if str(session.get_decoded().get("_auth_user_id")) == str(person.pk):
            session.delete()


# Retention ----------------------------------------------------------------------------------


def retention_purge(*, now: datetime | None = None) -> list[str]:
    """Delete the pseudonymous accounts whose kept records' retention period has passed.

    Each goes in its own transaction with the registers and certificates the apps kept
    (``RETENTION_HANDLERS``); one that other kept records still need (a teacher's changes
    to someone else's register) is logged and tried again on the next run. Returns the
    pseudonyms purged.
    """
    now = now or timezone.now()
    purged = []
    for erasure in Erasure.objects.filter(keep_until__lte=now, purged_at__isnull=True):
        try:
            with kept_records_purge():
                person = erasure.person
                if person is not None:
                    for handler in hooks.get_hooks(RETENTION_HANDLERS):
                        handler(person)
                    person.delete()
                erasure.purged_at = now
                erasure.person = None
                erasure.save(update_fields=["purged_at", "person"])
                audit_record(
                    actor=None, action=Action.RETENTION, target=erasure.pseudonym, detail={}
                )
        except (ProtectedError, RestrictedError) as error:
            blockers = {type(obj)._meta.label for obj in error.args[1]}
            logger.warning(
                "Retention of %s: other kept records still refer to it (%s)",
                erasure.pseudonym,
                ", ".join(sorted(blockers)),
            )
            continue
        purged.append(erasure.pseudonym)
    return purged
