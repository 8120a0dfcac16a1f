from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from website.core.exceptions import Refused
from website.core.i18n import remember_language

from . import selectors, services
from .forms import AffiliationDecisionForm, ProfileForm
from .models import AffiliationRequest
from .permissions import can_decide_affiliations, decidable_affiliation_requests


@login_required
def profile(request):
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        before = form.open_request
        with transaction.atomic():
            user = form.save()
            try:
                after = services.affiliation_choose(person=user, centre=form.cleaned_data["centre"])
            except Refused as refusal:
                form.add_error("centre", refusal.message)
                transaction.set_rollback(True)
                return render(request, "accounts/profile.html", _profile_context(request, form))
        response = redirect("accounts:profile")
        remember_language(request, response, user.language)
        messages.success(request, _("Profilo aggiornato."))
        if after is not None and after.is_pending and after != before:
            messages.info(
                request,
                _(
                    "Hai chiesto di passare al %(centre)s: resti nel centro attuale finché "
                    "il dirigente del centro o la gestione della formazione conferma."
                )
                % {"centre": after.centre},
            )
        return response
    return render(request, "accounts/profile.html", _profile_context(request, form))


def _profile_context(request, form):
    user = request.user
    return {
        "form": form,
        "open_request": form.open_request,
        "last_refusal": selectors.last_refusal(user),
        # Institutional login configured (website/settings/sso.py): its connections page.
        "institutional_login": bool(settings.SOCIALACCOUNT_PROVIDERS),
        "requests_to_decide": (
            selectors.pending_affiliation_requests(user).count()
            if can_decide_affiliations(user)
            else None
        ),
    }


@login_required
@require_POST
def affiliation_withdraw(request):
    if services.affiliation_withdraw(person=request.user) is not None:
        messages.success(request, _("Richiesta ritirata: il tuo centro resta quello di prima."))
    return redirect("accounts:profile")


@login_required
def affiliation_requests(request):
    """The requests to join a centre that the person may decide."""
    if not can_decide_affiliations(request.user):
        raise Http404
    return render(request, "accounts/affiliation_requests.html", _requests_context(request))


def _requests_context(request, bound=None):
    pending = list(selectors.pending_affiliation_requests(request.user))
    for item in pending:
        item.form = bound if bound is not None and bound.request_pk == item.pk else None
        item.form = item.form or AffiliationDecisionForm(prefix=f"r{item.pk}")
    return {"pending": pending, "decided": selectors.recent_affiliation_decisions(request.user)}


@login_required
@require_POST
def affiliation_decide(request, pk):
    affiliation = get_object_or_404(
        decidable_affiliation_requests(request.user).select_related("person", "centre"), pk=pk
    )
    form = AffiliationDecisionForm(request.POST, prefix=f"r{pk}")
    form.request_pk = pk
    if form.is_valid():
        try:
            _decide(request, affiliation, form.cleaned_data)
        except Refused as refusal:
            messages.error(request, refusal.message)
        return redirect("accounts:affiliation_requests")
    context = _requests_context(request, bound=form)
    return render(request, "accounts/affiliation_requests.html", context)


def _decide(request, affiliation: AffiliationRequest, data) -> None:
    names = {"person": affiliation.person, "centre": affiliation.centre}
    if data["decision"] == AffiliationDecisionForm.APPROVE:
        services.affiliation_approve(request=affiliation, by=request.user)
        messages.success(request, _("%(person)s ora fa parte del %(centre)s.") % names)
    else:
        services.affiliation_refuse(request=affiliation, by=request.user, reason=data["reason"])
        messages.success(request, _("Richiesta di %(person)s per il %(centre)s respinta.") % names)


def saml_finish_acs(request, organization_slug):
    """allauth's SAML finishing view, refusing a response that is not even XML like any other
    invalid one (python3-saml lets lxml's syntax error through, which would be a 500)."""
    from allauth.socialaccount.helpers import render_authentication_error
    from allauth.socialaccount.providers.saml import views as saml_views
    from allauth.socialaccount.providers.saml.utils import get_app_or_404
    from lxml import etree

    try:
        return saml_views.finish_acs(request, organization_slug=organization_slug)
    except (etree.XMLSyntaxError, ValueError) as error:
        provider = get_app_or_404(request, organization_slug).get_provider(request)
        return render_authentication_error(request, provider, exception=error)
