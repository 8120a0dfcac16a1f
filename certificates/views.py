"""The public side of certificates: verification by code, downloads, the published keys and lists.

The verification page answers every input with valid, expired, revoked,
replaced or unknown, never with an error page, and shows the least personal
data that makes the answer useful (name, course, edition dates, hours), read
from the certificate's frozen snapshot.
"""

import json
from datetime import date

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control, never_cache
from django.views.decorators.http import require_GET

from website.core.files import protected_content_response, protected_file_response
from website.core.links import absolute_url
from website.core.navigation import Crumb, trail
from website.core.ratelimits import client_key, limit_reached

from . import credentials, selectors
from .codes import grouped, normalise
from .forms import VerifyForm
from .models import Certificate, CertificateTemplate
from .permissions import can_download_certificate
from .services import status_list_cache_key

VERIFY_RATE_GROUP = "certificates.verify"
STATUS_LIST_TTL = 300  # seconds; the Bitstring Status List default ttl


def _over_the_limit(request) -> bool:
    """Count one lookup for the client's address; True once it exceeded the rate."""
    key = client_key(request, per_person=False)
    return limit_reached(VERIFY_RATE_GROUP, key, [settings.CERTIFICATES_VERIFY_RATE])


def answer_for(typed) -> dict:
    """What the page says for a typed code: the state and, when known, what the certificate says."""
    code = normalise(typed)
    certificate = selectors.certificate_by_code(code) if code else None
    if certificate is None:
        return {"state": "unknown"}
    snapshot = certificate.snapshot
    if certificate.status == Certificate.Status.REVOKED:
        state = "revoked"
    elif certificate.status == Certificate.Status.SUPERSEDED:
        state = "replaced"
    elif certificate.is_expired():
        state = "expired"
    else:
        state = "valid"
    replacement = getattr(certificate, "replaced_by", None)
    return {
        "state": state,
        "certificate": certificate,
        "code": grouped(certificate.code),
        "holder": snapshot["holder"]["name"],
        "course": snapshot["course"],
        "programme": snapshot["programme"]["title"],
        "issuer": snapshot["issuer"]["name"],
        "starts_on": date.fromisoformat(snapshot["edition"]["starts_on"]),
        "ends_on": date.fromisoformat(snapshot["edition"]["ends_on"]),
        "issued_on": date.fromisoformat(snapshot["issued_on"]),
        "expires_on": certificate.expires_on,
        "hours": snapshot["hours"],
        "replacement_url": (
            reverse("certificates:verify_code", args=[replacement.code]) if replacement else ""
        ),
    }


def _verification_page(request, typed, *, form):
    context = {"form": form, "typed": typed, "breadcrumbs": trail(Crumb(_("Verifica attestato")))}
    status = 200
    if typed is not None:
        if _over_the_limit(request):
            context["limited"] = True
            status = 429
        else:
            context["answer"] = answer_for(typed)
    response = render(request, "certificates/verify.html", context, status=status)
    response["X-Robots-Tag"] = "noindex"
    return response


@never_cache
@require_GET
def verify(request):
    """The form; with ``?codice=`` it also answers, on the same page."""
    if "codice" not in request.GET:
        return _verification_page(request, None, form=VerifyForm())
    form = VerifyForm(request.GET)
    if not form.is_valid():
        return _verification_page(request, None, form=form)
    return _verification_page(request, form.cleaned_data["codice"], form=form)


@never_cache
@require_GET
def verify_code(request, code):
    """The address printed on the certificate and in its QR code."""
    return _verification_page(request, code, form=VerifyForm(initial={"codice": code[:64]}))


def _own_certificate(request, pk):
    certificate = get_object_or_404(Certificate, pk=pk)
    if not can_download_certificate(request.user, certificate):
        raise Http404
    return certificate


@login_required
def download(request, pk):
    certificate = _own_certificate(request, pk)
    return protected_file_response(
        request,
        certificate.pdf,
        content_type="application/pdf",
        filename=f"attestato-{certificate.grouped_code}.pdf",
        sandbox=False,  # the browser's PDF viewer does not open in a sandbox
    )


@login_required
def credential(request, pk):
    """The signed Open Badges credential, for the holder's wallet or a verifier."""
    certificate = _own_certificate(request, pk)
    return protected_content_response(
        certificate.credential,
        content_type="application/vc+jwt",
        filename=f"attestato-{certificate.grouped_code}.jwt",
    )


@require_GET
@cache_control(public=True, max_age=3600)
def issuer(request):
    """The issuer's Open Badges profile, which a credential's ``iss`` names."""
    template = CertificateTemplate.objects.filter(is_default=True).first()
    profile = {
        "@context": credentials.CONTEXTS,
        "id": credentials.issuer_id(),
        "type": ["Profile"],
        "name": template.issuer_name if template else settings.WAGTAIL_SITE_NAME,
        "url": absolute_url("/"),
    }
    return JsonResponse(profile, json_dumps_params={"ensure_ascii": False})


@require_GET
@cache_control(public=True, max_age=STATUS_LIST_TTL)
def status_list(request, number):
    if not selectors.status_list_exists(number):
        raise Http404
    key = status_list_cache_key(number)
    token = cache.get(key)
    if token is None:
        token = credentials.status_list_credential(
            number, selectors.set_status_indexes(number), now=timezone.now()
        )
        cache.set(key, token, STATUS_LIST_TTL)
    return HttpResponse(token, content_type="application/vc+jwt")


@require_GET
@cache_control(public=True, max_age=3600)
def jwks(request):
    return HttpResponse(json.dumps(credentials.jwks()), content_type="application/jwk-set+json")
