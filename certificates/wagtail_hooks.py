"""What the certificates app adds to other apps' pages and to the admin, through hooks only.

- ``DASHBOARD_PANELS``: "I miei attestati" on the learner's dashboard;
- ``COURSE_PAGE_PANELS``: the certificate rule on the course page;
- ``CERTIFICATE_HOLDERS``: the certificates the reports count as issued;
- ``TRAINING_RECORD_PANELS``: a person's certificates on their training record.
"""

from django.template.loader import render_to_string
from django.utils import timezone
from wagtail import hooks

from courses.hooks import COURSE_PAGE_PANELS, DASHBOARD_PANELS
from reports.hooks import CERTIFICATE_HOLDERS, TRAINING_RECORD_PANELS

from . import selectors
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
def my_certificates_panel(request):
    if not request.user.is_authenticated:
        return ""
    certificates = _listed(request, list(selectors.holder_certificates(request.user)))
    return render_to_string(
        "certificates/panels/dashboard.html", {"certificates": certificates}, request=request
    )


@hooks.register(COURSE_PAGE_PANELS)
def certificate_rule_panel(request, course):
    rule = selectors.rule_for(course)
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
