"""Changing packages and attempts: each function one transaction, keyword-only arguments."""

import secrets
import zlib
from decimal import Decimal
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from courses.models import Course
from website.accounts.types import User
from website.core.exceptions import Refused

from . import cmi
from .manifest import H5pSpec
from .models import Attempt, AttemptReset, Package, PackageVersion, Sco, ScoState
from .uploads import Inspected, inspect, remove, unpack

H5P_ITEM = "h5p"


def _kind_of(inspected: Inspected) -> str:
    if isinstance(inspected.spec, H5pSpec):  # the spec of an .h5p file
        return Package.Kind.H5P
    return (
        Package.Kind.SCORM12 if inspected.spec.standard == cmi.SCORM12 else Package.Kind.SCORM2004
    )


def upload_package(
    *,
    course: Course,
    uploaded: UploadedFile,
    by: User,
    title: str = "",
    package: Package | None = None,
    passing_score: Decimal | None = None,
) -> Package:
    """A new package of ``course`` (or a new version of ``package``) from an uploaded file.

    Everything is checked before anything is stored; on a refusal nothing is left on
    disk or in the database. A new version keeps the learners' progress on the SCOs it
    did not change: each learner's open attempt is closed and a new one on the new
    version carries over the state of every SCO whose files are the same.
    """
    inspected = inspect(uploaded)
    kind = _kind_of(inspected)
    if package is not None and package.kind != kind:
        raise Refused(
            _("il nuovo file è un pacchetto %(new)s, quello in uso è %(old)s.")
            % {"new": Package.Kind(kind).label, "old": package.get_kind_display()}
        )
    folder = None
    written: list[str] = []
    try:
        with transaction.atomic():
            if package is None:
                package = Package.objects.create(
                    course=course,
                    title=(title or inspected.spec.title or inspected.name)[:200],
                    kind=kind,
                    passing_score=passing_score,
                )
                number = 1
            else:
                package = Package.objects.select_for_update().get(pk=package.pk)
                number = (package.versions.aggregate(n=Max("number"))["n"] or 0) + 1
            folder = f"packages/{package.pk}/{number}-{secrets.token_hex(8)}"
            version = PackageVersion.objects.create(
                package=package,
                number=number,
                schema_version="H5P"
                if isinstance(inspected.spec, H5pSpec)
                else inspected.spec.schema_version,
                folder=folder,
                original_name=inspected.name[:200],
                size=inspected.size,
                main_library=inspected.spec.main_library
                if isinstance(inspected.spec, H5pSpec)
                else "",
                uploaded_by=by,
            )
            if isinstance(inspected.spec, H5pSpec):
                Sco.objects.create(
                    version=version,
                    identifier=H5P_ITEM,
                    title=package.title,
                    href="index",
                    order=0,
                    fingerprint=_h5p_fingerprint(inspected),
                )
            else:
                Sco.objects.bulk_create(
                    Sco(
                        version=version,
                        identifier=spec.identifier,
                        title=spec.title,
                        href=spec.href if spec.launchable else "",
                        parent_identifier=spec.parent or "",
                        order=spec.order,
                        mastery=spec.mastery,
                        launch_data=spec.launch_data,
                        fingerprint=spec.fingerprint,
                    )
                    for spec in inspected.spec.scos
                )
            previous = package.current_version
            package.current_version = version
            package.save(update_fields=["current_version"])
            if previous is not None:
                _carry_over(package, previous, version)
            written = unpack(uploaded, inspected, folder)
    except BaseException:
        if folder is not None:
            remove(written, folder)
        raise
    return package


def _h5p_fingerprint(inspected: Inspected) -> str:
    """What the activity's files were: a learner's saved state survives only identical files."""
    listing = "|".join(sorted(f"{info.filename}:{info.CRC}" for info in inspected.files))
    return f"h5p|{zlib.crc32(listing.encode()):08x}"


def _carry_over(package: Package, old: PackageVersion, new: PackageVersion) -> None:
    old_prints = dict(old.scos.exclude(href="").values_list("identifier", "fingerprint"))
    new_prints = dict(new.scos.exclude(href="").values_list("identifier", "fingerprint"))
    unchanged = {i for i, p in new_prints.items() if old_prints.get(i) == p}
    now = timezone.now()
    open_attempts = list(package.attempts.filter(closed_at__isnull=True).exclude(version=new))
    for attempt in open_attempts:
        fresh = Attempt.objects.create(
            package=package,
            user_id=attempt.user_id,
            number=attempt.number + 1,
            version=new,
            last_access=attempt.last_access,
        )
        ScoState.objects.bulk_create(
            ScoState(
                attempt=fresh,
                sco_identifier=state.sco_identifier,
                cmi=state.cmi,
                completion=state.completion,
                success=state.success,
                score=state.score,
                exit=state.exit,
                prior_seconds=state.total_seconds,
                carried_seconds=state.total_seconds,
            )
            for state in attempt.states.filter(sco_identifier__in=unchanged)
        )
    Attempt.objects.filter(pk__in=[a.pk for a in open_attempts]).update(closed_at=now)


def reset_attempt(*, attempt: Attempt, by: User, reason: str) -> AttemptReset:
    """Close the learner's attempt so the next launch starts a new one; the reason is kept."""
    reason = (reason or "").strip()
    if not reason:
        raise Refused(_("scrivi il motivo dell'azzeramento."))
    if len(reason) > 1000:
        raise Refused(_("il motivo può avere al massimo 1000 caratteri."))
    with transaction.atomic():
        attempt = Attempt.objects.select_for_update().get(pk=attempt.pk)
        if attempt.closed_at is not None:
            raise Refused(_("questo tentativo è già chiuso."))
        attempt.closed_at = timezone.now()
        attempt.save(update_fields=["closed_at"])
        return AttemptReset.objects.create(attempt=attempt, by=by, reason=reason)


# --- the run-time ------------------------------------------------------------------


def _attempt_for(*, package: Package, version: PackageVersion, user: User, number: int) -> Attempt:
    attempt = (
        Attempt.objects.select_for_update()
        .filter(package=package, user=user, number=number)
        .first()
    )
    if attempt is None:
        try:
            with transaction.atomic():
                attempt = Attempt.objects.create(
                    package=package, user=user, number=number, version=version
                )
        except IntegrityError:
            attempt = Attempt.objects.select_for_update().get(
                package=package, user=user, number=number
            )
    if attempt.closed_at is not None or attempt.version_id != version.pk:
        raise cmi.CmiError(cmi.CODES[cmi.SCORM2004].general, "", "attempt closed")
    return attempt


def _percent(value: str | None) -> Decimal | None:
    if value is None or value == "":
        return None
    return Decimal(value)


def _apply_scorm(
    state: ScoState, standard: str, values: dict[str, str], mastery: Decimal | None
) -> None:
    data = state.cmi
    if standard == cmi.SCORM12:
        status = data.get("cmi.core.lesson_status", "")
        raw = _percent(data.get("cmi.core.score.raw"))
        if raw is not None:
            state.score = raw
        if (
            mastery is not None
            and raw is not None
            and status in ("completed", "incomplete", "passed", "failed")
        ):
            status = (
                "passed" if raw >= mastery else "failed"
            )  # SCORM 1.2: the LMS applies the mastery score
        state.completion = (
            "completed"
            if status in ("completed", "passed", "failed")
            else ("incomplete" if status in ("incomplete", "browsed") else state.completion)
        )
        state.success = {"passed": "passed", "failed": "failed"}.get(status, state.success)
        state.exit = values.get("cmi.core.exit", state.exit)
        session = values.get("cmi.core.session_time")
    else:
        state.completion = data.get("cmi.completion_status", state.completion)
        state.success = data.get("cmi.success_status", state.success)
        scaled = data.get("cmi.score.scaled")
        if scaled not in (None, ""):
            state.score = max(Decimal(0), Decimal(scaled) * 100)
        elif data.get("cmi.score.raw") not in (None, "") and data.get("cmi.score.max"):
            maximum = Decimal(data["cmi.score.max"])
            if maximum > 0:
                state.score = Decimal(data["cmi.score.raw"]) * 100 / maximum
        if state.score is not None:
            state.score = min(Decimal(100), state.score).quantize(Decimal("0.01"))
        state.exit = values.get("cmi.exit", state.exit)
        session = values.get("cmi.session_time")
    if session is not None:
        state.session_seconds = cmi.timespan_seconds(standard, session)


def commit(
    *,
    package: Package,
    sco: Sco,
    user: User,
    number: int,
    session: str,
    values: dict[str, Any],
    terminate: bool,
) -> ScoState:
    """Store what the runtime committed for one SCO, after checking it against the data model.

    Raises ``cmi.CmiError`` (with the standard's code) and changes nothing when any value
    is wrong, or when the session already terminated.
    """
    standard = package.kind
    codes = cmi.CODES[standard]
    with transaction.atomic():
        attempt = _attempt_for(package=package, version=sco.version, user=user, number=number)
        state, _created = ScoState.objects.select_for_update().get_or_create(
            attempt=attempt, sco_identifier=sco.identifier
        )
        if session in state.terminated_keys:
            raise cmi.CmiError(codes.after_termination, "", "commit after termination")
        checked = cmi.check_commit(standard, values, state.cmi)
        if session != state.session_key:
            state.prior_seconds += state.session_seconds
            state.session_seconds = 0
            state.session_key = session
            state.exit = ""  # cmi.exit describes one session; a new one starts with none
        state.cmi = {**state.cmi, **{k: v for k, v in checked.items() if k not in _SESSION_ONLY}}
        _apply_scorm(state, standard, checked, sco.mastery)
        if terminate:
            state.terminated_keys = [*state.terminated_keys[-19:], session]
        state.save()
        attempt.last_access = timezone.now()
        attempt.save(update_fields=["last_access"])
    return state


# Write-only elements: they describe one session and are not handed back at the next launch.
_SESSION_ONLY = frozenset(
    {"cmi.core.exit", "cmi.core.session_time", "cmi.exit", "cmi.session_time", "adl.nav.request"}
)


# --- H5P: the player's saved state and its xAPI statements ---------------------------

H5P_VERBS = ("answered", "completed", "passed", "failed")
H5P_MAX_SCORE = 10_000


def _h5p_state(*, package: Package, user: User, number: int, session: str) -> ScoState:
    sco = package.current_version.scos.get(identifier=H5P_ITEM)  # type: ignore[union-attr]
    attempt = _attempt_for(package=package, version=sco.version, user=user, number=number)
    state, _created = ScoState.objects.select_for_update().get_or_create(
        attempt=attempt, sco_identifier=H5P_ITEM
    )
    if session != state.session_key:
        state.prior_seconds += state.session_seconds
        state.session_seconds = 0
        state.session_key = session
    attempt.last_access = timezone.now()
    attempt.save(update_fields=["last_access"])
    return state


def save_h5p_state(
    *, package: Package, user: User, number: int, session: str, data: str | None
) -> ScoState:
    """Keep what the H5P player saved of the learner's answers (None forgets it).

    ``data`` is the JSON text the content type's ``getCurrentState()`` gave; the caller
    has checked it is JSON of a sensible size.
    """
    with transaction.atomic():
        state = _h5p_state(package=package, user=user, number=number, session=session)
        cmi_data = {k: v for k, v in state.cmi.items() if k != "state"}
        if data is not None:
            cmi_data["state"] = data
        state.cmi = cmi_data
        if state.completion == "not attempted":
            state.completion = "incomplete"
        state.save()
    return state


def record_h5p_statement(
    *,
    package: Package,
    user: User,
    number: int,
    session: str,
    verb: str,
    raw: int | None,
    maximum: int | None,
    success: bool | None,
    seconds: int | None,
) -> ScoState:
    """Apply an xAPI statement about the whole activity to the learner's attempt.

    ``answered`` marks it in progress, ``completed`` completes it, ``passed`` and
    ``failed`` complete it with that outcome; a score (``raw`` out of ``maximum``,
    checked by the caller) becomes the attempt's 0–100 score.
    """
    if verb not in H5P_VERBS:
        raise ValueError(verb)
    with transaction.atomic():
        state = _h5p_state(package=package, user=user, number=number, session=session)
        if verb == "answered":
            if state.completion != "completed":
                state.completion = "incomplete"
        else:
            state.completion = "completed"
        if verb in ("passed", "failed"):
            state.success = verb
        elif success is not None and verb == "completed":
            state.success = "passed" if success else "failed"
        if raw is not None and maximum:
            state.score = (Decimal(raw) * 100 / maximum).quantize(Decimal("0.01"))
            state.cmi = {**state.cmi, "score": {"raw": raw, "max": maximum}}
        if seconds is not None:
            state.session_seconds = max(state.session_seconds, seconds)
        state.save()
    return state
