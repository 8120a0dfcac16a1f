"""Changing who works where. Each function is one transaction.

``User.centre`` is the confirmed affiliation: everything that derives rights
from a person's centre (cluster forums, the reports and enrolment lists of a
centre's managers and a cluster's leads) reads it, so nobody gains those
rights by declaring a centre. Only the functions here change it, and each
leaves an ``AffiliationRequest`` row saying who decided and how.

A person asks (at sign-up or in the profile); a manager of the requested
centre or a training manager approves or refuses; a verified address at a
trusted e-mail domain confirms a request inside the domain's scope; a
training manager may also set a centre directly (the user admin, a new
person enrolled by hand). The person's row is locked first, then the
request's, so that two managers deciding at once, or a person withdrawing
while a manager approves, queue up and the second sees the first's outcome.
"""

import logging
from datetime import datetime

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from website.audit.services import Action, audit_record
from website.core.exceptions import Refused

from . import notices, trusted_domains
from .models import AffiliationRequest, EmploymentCentre, User

security_log = logging.getLogger("aula.security")

Status = AffiliationRequest.Status
How = AffiliationRequest.How


def _lock_person(person: User) -> User:
    # of=("self",): PostgreSQL cannot lock the nullable side of the outer join to the centre.
    return User.objects.select_for_update(of=("self",)).select_related("centre").get(pk=person.pk)


def _open_request(person: User) -> AffiliationRequest | None:
    return (
        AffiliationRequest.objects.select_for_update()
        .filter(person=person, status=Status.PENDING)
        .first()
    )


def _close(
    request: AffiliationRequest,
    *,
    status: str,
    by: User | None = None,
    how: str = "",
    reason: str = "",
    now: datetime,
) -> None:
    request.status = status
    request.decided_by = by
    request.decided_how = how
    request.reason = reason
    request.decided_at = now
    request.save(update_fields=["status", "decided_by", "decided_how", "reason", "decided_at"])


def _record_change(
    person: User, centre: EmploymentCentre | None, *, by: User | None, how: str, now: datetime
) -> AffiliationRequest:
    """A change made without a request (a person leaving, a training manager's assignment)."""
    return AffiliationRequest.objects.create(
        person=person,
        centre=centre,
        previous_centre=person.centre,
        status=Status.APPROVED,
        decided_by=by,
        decided_how=how,
        decided_at=now,
    )


def _set_centre(person: User, centre: EmploymentCentre | None) -> None:
    person.centre = centre
    person.save(update_fields=["centre"])


def _audit_affiliation(request: AffiliationRequest, *, by: User | None) -> None:
    audit_record(
        actor=by,
        action=Action.AFFILIATION_CHANGE,
        target=request.person,
        detail={
            "person_id": request.person_id,
            "status": request.status,
            "how": request.decided_how,
            "centre": request.centre.name if request.centre else None,
            "previous_centre": request.previous_centre.name if request.previous_centre else None,
        },
    )


def record_role_change(*, person: User, by: User | None, before: set[str], after: set[str]) -> None:
    """Append to the audit log who changed ``person``'s roles (the groups' names) and how."""
    audit_record(
        actor=by,
        action=Action.ROLE_CHANGE,
        target=person,
        detail={
            "person_id": person.pk,
            "added": sorted(after - before),
            "removed": sorted(before - after),
            "superuser": person.is_superuser,
        },
    )


def _how_decided(by: User, centre: EmploymentCentre | None) -> str:
    # A pending request always names a centre (leaving is recorded already decided).
    if centre is not None and centre.managers.filter(pk=by.pk).exists():
        return How.MANAGER
    return How.TRAINING_MANAGER


@transaction.atomic
def affiliation_request(
    *, person: User, centre: EmploymentCentre, now: datetime | None = None
) -> AffiliationRequest:
    """Ask to work in ``centre``; the confirmed centre stays until someone approves.

    A new request replaces the person's open one (one open request each).
    A verified address at a domain trusted for the centre confirms it at once.
    """
    now = now or timezone.now()
    person = _lock_person(person)
    if person.centre_id == centre.pk:
        raise Refused(_("Lavori già in questo centro."))
    current = _open_request(person)
    if current is not None and current.centre_id == centre.pk:
        return current
    if current is not None:
        _close(current, status=Status.WITHDRAWN, by=person, how=How.PERSON, now=now)
    request = AffiliationRequest.objects.create(
        person=person, centre=centre, previous_centre=person.centre
    )
    if _vouched_by_trusted_domain(person, centre):
        _approve(request, person=person, by=None, how=How.TRUSTED_DOMAIN, now=now)
    else:
        notices.tell_managers(request)
    return request


@transaction.atomic
def affiliation_withdraw(*, person: User, now: datetime | None = None) -> AffiliationRequest | None:
    """The person withdraws their open request, if they have one."""
    now = now or timezone.now()
    person = _lock_person(person)
    current = _open_request(person)
    if current is not None:
        _close(current, status=Status.WITHDRAWN, by=person, how=How.PERSON, now=now)
    return current


@transaction.atomic
def affiliation_leave(*, person: User, now: datetime | None = None) -> AffiliationRequest | None:
    """The person no longer works in a centre: losing rights needs nobody's approval."""
    now = now or timezone.now()
    person = _lock_person(person)
    current = _open_request(person)
    if current is not None:
        _close(current, status=Status.WITHDRAWN, by=person, how=How.PERSON, now=now)
    if person.centre_id is None:
        return None
    record = _record_change(person, None, by=person, how=How.PERSON, now=now)
    _set_centre(person, None)
    return record


def affiliation_choose(
    *, person: User, centre: EmploymentCentre | None
) -> AffiliationRequest | None:
    """The profile's "centre I work in": another centre is a request to move, the
    confirmed one withdraws an open request, none leaves the centre."""
    if centre is None:
        return affiliation_leave(person=person)
    if centre.pk == person.centre_id:
        return affiliation_withdraw(person=person)
    return affiliation_request(person=person, centre=centre)


def _lock_pending(request: AffiliationRequest) -> tuple[User, AffiliationRequest]:
    person = _lock_person(request.person)
    locked = (
        AffiliationRequest.objects.select_for_update(of=("self",))
        .select_related("centre", "centre__cluster")
        .get(pk=request.pk)
    )
    if locked.status != Status.PENDING:
        raise Refused(
            _("Questa richiesta è già stata decisa o ritirata: %(status)s.")
            % {"status": locked.get_status_display()}
        )
    return person, locked


def _approve(
    request: AffiliationRequest, *, person: User, by: User | None, how: str, now: datetime
) -> None:
    _close(request, status=Status.APPROVED, by=by, how=how, now=now)
    request.previous_centre = person.centre
    request.save(update_fields=["previous_centre"])
    _set_centre(person, request.centre)
    _audit_affiliation(request, by=by)
    notices.tell_person(request, notices.APPROVED)


@transaction.atomic
def affiliation_approve(
    *, request: AffiliationRequest, by: User, now: datetime | None = None
) -> AffiliationRequest:
    """A manager of the requested centre, or a training manager, confirms the request."""
    person, request = _lock_pending(request)
    if by.pk == person.pk:
        raise Refused(_("Non puoi confermare una tua richiesta."))
    _approve(
        request,
        person=person,
        by=by,
        how=_how_decided(by, request.centre),
        now=now or timezone.now(),
    )
    return request


@transaction.atomic
def affiliation_refuse(
    *, request: AffiliationRequest, by: User, reason: str | None, now: datetime | None = None
) -> AffiliationRequest:
    """Refuse the request, saying why; the person keeps their confirmed centre."""
    reason = (reason or "").strip()
    if not reason:
        raise Refused(_("Scrivi il motivo del rifiuto."))
    person, request = _lock_pending(request)
    if by.pk == person.pk:
        raise Refused(_("Non puoi decidere una tua richiesta."))
    _close(
        request,
        status=Status.REFUSED,
        by=by,
        how=_how_decided(by, request.centre),
        reason=reason,
        now=now or timezone.now(),
    )
    _audit_affiliation(request, by=by)
    notices.tell_person(request, notices.REFUSED)
    return request


@transaction.atomic
def affiliation_grant(
    *,
    person: User,
    centre: EmploymentCentre | None,
    by: User,
    now: datetime | None = None,
) -> AffiliationRequest | None:
    """A training manager sets the person's centre directly (user admin, enrolment by hand);
    the caller has checked that ``by`` may (``permissions.can_assign_centre``).

    It counts as a granted affiliation and is recorded as one; an open request
    for the same centre is approved by it, one for another centre is superseded.
    Returns the record, or None when nothing changed.
    """
    now = now or timezone.now()
    person = _lock_person(person)
    current = _open_request(person)
    if current is not None and centre is not None and current.centre_id == centre.pk:
        _approve(current, person=person, by=by, how=How.TRAINING_MANAGER, now=now)
        return current
    if current is not None:
        _close(current, status=Status.SUPERSEDED, by=by, how=How.TRAINING_MANAGER, now=now)
    if person.centre_id == (centre.pk if centre else None):
        return None
    record = _record_change(person, centre, by=by, how=How.TRAINING_MANAGER, now=now)
    _set_centre(person, centre)
    _audit_affiliation(record, by=by)
    return record


def _vouched_by_trusted_domain(person: User, centre: EmploymentCentre | None) -> bool:
    if centre is None:
        return False
    addresses = EmailAddress.objects.filter(user=person, verified=True).values_list(
        "email", flat=True
    )
    return any(trusted_domains.vouches_for(address, centre) for address in addresses)


@transaction.atomic
def affiliation_confirm_by_domain(
    *, person: User, now: datetime | None = None
) -> AffiliationRequest | None:
    """Confirm the person's open request if a verified address at a trusted domain vouches
    for its centre (called when an address is verified). Returns the request if confirmed."""
    person = _lock_person(person)
    current = _open_request(person)
    if current is None or not _vouched_by_trusted_domain(person, current.centre):
        return None
    _approve(current, person=person, by=None, how=How.TRUSTED_DOMAIN, now=now or timezone.now())
    return current


@transaction.atomic
def institutional_identity_apply(
    *,
    person: User,
    fiscal_code: str = "",
    centre: EmploymentCentre | None = None,
    now: datetime | None = None,
) -> AffiliationRequest | None:
    """What an identity provider asserted at an institutional login (website/accounts/sso.py):
    the fiscal code, and the office the person works in when it sends one.

    The identity provider is the employer's own record, so its office is the confirmed
    affiliation: recorded as decided by it, approving an open request for that centre and
    superseding one for another. A fiscal code another account holds is not copied (the
    caller refuses that login first). Returns the affiliation record, or None when the
    centre did not change.
    """
    now = now or timezone.now()
    person = _lock_person(person)
    if (
        fiscal_code
        and person.fiscal_code != fiscal_code
        and not User.objects.filter(fiscal_code=fiscal_code).exclude(pk=person.pk).exists()
    ):
        person.fiscal_code = fiscal_code
        person.save(update_fields=["fiscal_code"])
    if centre is None:
        return None
    current = _open_request(person)
    if current is not None and current.centre_id == centre.pk:
        _approve(current, person=person, by=None, how=How.IDENTITY_PROVIDER, now=now)
        return current
    if current is not None:
        _close(current, status=Status.SUPERSEDED, how=How.IDENTITY_PROVIDER, now=now)
    if person.centre_id == centre.pk:
        return None
    record = _record_change(person, centre, by=None, how=How.IDENTITY_PROVIDER, now=now)
    _set_centre(person, centre)
    _audit_affiliation(record, by=None)
    return record


def authenticators_reset(*, person: User, reset_by: str) -> int:
    """Removes every second factor of ``person`` (a lost device) and logs who did it.

    They log in with their password alone; if their role requires two factors they
    are asked to activate an app again at once. Returns how many were removed.
    """
    with transaction.atomic():
        count: int = Authenticator.objects.filter(user=person).delete()[0]
    security_log.warning(
        "Two factors reset: %s authenticator(s) of user %s <%s> removed by %s",
        count,
        person.pk,
        person.email,
        reset_by,
    )
    return count
