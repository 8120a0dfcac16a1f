"""What the certificates app adds to other apps' pages and to the admin, through hooks only.

- ``DASHBOARD_PANELS``: "I miei attestati" on the learner's dashboard;
- ``COURSE_PAGE_PANELS``: the certificate rule on the course page;
- ``CERTIFICATE_HOLDERS``: the certificates the reports count as issued;
- ``TRAINING_RECORD_PANELS``: a person's certificates on their training record;
- ``PERSONAL_DATA_SOURCES`` and ``ERASURE_HANDLERS``: a person's certificates in the copy
  of their data, and minimised when they are erased.
"""

from functools import partial

from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone
from wagtail import hooks

from courses.hooks import (
    COURSE_PAGE_PANELS,
    DASHBOARD_PANELS,
    DashboardPart,
    DashboardSlot,
    render_panel,
)
from reports.hooks import CERTIFICATE_HOLDERS, TRAINING_RECORD_PANELS
from website.core.generations import remember_for_user
from website.privacy.hooks import (
    ERASURE_HANDLERS,
    PERSONAL_DATA_SOURCES,
    RETENTION_HANDLERS,
    PersonalData,
)

from . import selectors
from .models import Certificate, CertificateEvent
from .permissions import can_download_certificate
from .viewsets import CertificatesViewSetGroup


@hooks.register("register_admin_viewset")
def register_certificate_viewsets():
    return CertificatesViewSetGroup()


def _listed(request, certificates):
    today = timezone.localdate()
    for certificate in certificates:
        certificate.expired = certificate.is_expired(today)
        certificate.downloadable = can_download_certificate(request.user, certificate)
    return certificates


@hooks.register(DASHBOARD_PANELS)
def my_certificates_panel(request) -> DashboardPart | None:
    user = request.user
    if not user.is_authenticated:
        return None
    # Kept under the holder's generation: issuing, revoking or replacing one moves it (apps).
    held = remember_for_user(
        user.pk, "certificates.held", lambda: list(selectors.holder_certificates(user))
    )
    certificates = _listed(request, held)
    return DashboardPart(
        DashboardSlot.HISTORY,
        render_panel(
            "certificates/panels/dashboard.html", {"certificates": certificates}, request=request
        ),
    )


@hooks.register(COURSE_PAGE_PANELS)
def certificate_rule_panel(request, course):
    rule = selectors.course_rule(course)
    held = None
    if request.user.is_authenticated:
        held = selectors.current_certificates(course, [request.user.pk]).get(request.user.pk)
        if held is not None:
            _listed(request, [held])
    return render_to_string(
        "certificates/panels/course_rule.html",
        {
            "course": course,
            "rule": rule,
            "conditions": selectors.condition_labels(rule),
            "held": held,
        },
        request=request,
    )


@hooks.register(CERTIFICATE_HOLDERS)
def certificate_holders():
    """Rows with ``user_id`` and ``edition_id``: valid certificates, expired ones included."""
    return selectors.counted_as_issued()


@hooks.register(TRAINING_RECORD_PANELS)
def training_record_certificates(request, person):
    certificates = _listed(request, list(selectors.holder_certificates(person)))
    if not certificates:
        return ""
    return render_to_string(
        "certificates/panels/training_record.html",
        {"person": person, "certificates": certificates},
        request=request,
    )


@hooks.register(PERSONAL_DATA_SOURCES)
def certificates_data(person) -> list[PersonalData]:
    rows = [
        {
            "code": certificate.grouped_code,
            "course": certificate.course.title,
            "edition": certificate.edition.code,
            "holder": certificate.snapshot.get("holder", {}),
            "attended_hours": certificate.attended_hours,
            "total_hours": certificate.total_hours,
            "issued_at": certificate.issued_at,
            "expires_on": certificate.expires_on,
            "status": certificate.status,
            "revoked_at": certificate.revoked_at,
            "revocation_reason": certificate.revocation_reason,
        }
        for certificate in Certificate.objects.filter(user=person)
        .select_related("course", "edition")
        .order_by("issued_at", "pk")
    ]
    return [PersonalData("attestati", rows)]


@hooks.register(ERASURE_HANDLERS)
def minimise_certificates(person, pseudonym: str) -> None:
    """Certificates stay for the funders under the pseudonym: the PDF and the signed
    credential, which carry the name, are deleted."""
    for certificate in Certificate.objects.filter(user=person):
        snapshot = {**certificate.snapshot, "holder": {"name": pseudonym, "centre": ""}}
        if certificate.pdf:
            transaction.on_commit(partial(certificate.pdf.storage.delete, certificate.pdf.name))
        Certificate.objects.filter(pk=certificate.pk).update(
            snapshot=snapshot, pdf="", credential=""
        )


@hooks.register(RETENTION_HANDLERS)
def delete_kept_certificates(person) -> None:
    """At the end of the retention period: the person's certificates and their history."""
    CertificateEvent._base_manager.filter(certificate__user=person).delete()
    Certificate._base_manager.filter(user=person).delete()
