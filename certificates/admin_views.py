"""The training managers' certificate pages in the Wagtail admin.

Editions with a closed register → one edition (who meets the rule, who holds
what, bulk and single issue, the ZIP) → a bulk run's progress (it runs in the
task worker; the page polls a small JSON view and also works by reloading) →
one certificate (its history, revocation, reissue).
"""

import io
import mimetypes
import zipfile
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from django.views.generic import FormView, TemplateView
from wagtail.admin import messages
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.widgets.button import HeaderButton

from courses.models import Edition
from website.accounts.models import User
from website.accounts.permissions import signed_in
from website.audit.services import Action, audit_record
from website.core.exceptions import Refused
from website.core.files import protected_content_response, protected_file_response

from . import selectors, services
from .codes import normalise
from .forms import ReasonForm
from .models import Certificate, CertificateTemplate, IssueRun
from .permissions import (
    can_download_edition_certificates,
    can_issue_certificates,
    can_reissue_certificate,
    can_revoke_certificate,
    can_view_template_images,
)

if TYPE_CHECKING:
    # The mixins below go before a Django view among the admin views' bases.
    from django.views import View as _ViewBase
    from django_stubs_ext import StrOrPromise
else:
    _ViewBase = object


PAGE_SIZE = 50


class IssuerMixin(_ViewBase):
    """Only people who may issue certificates reach these pages."""

    def dispatch(self, request, *args, **kwargs):
        if not can_issue_certificates(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def home_crumbs(self, *current):
        return [
            {"url": reverse("wagtailadmin_home"), "label": _("Home")},
            {"url": reverse("certificate_issue:index"), "label": _("Rilascio attestati")},
            *current,
        ]


def _edition(pk):
    return get_object_or_404(
        Edition.objects.select_related("course", "course__programme", "cluster"), pk=pk
    )


class EditionListView(IssuerMixin, WagtailAdminTemplateMixin, TemplateView):
    template_name = "certificates/admin/editions.html"
    header_icon = "doc-full-inverse"
    page_title = gettext_lazy("Rilascio attestati")

    def get_breadcrumbs_items(self):
        return [*self.home_crumbs()[:-1], {"url": "", "label": _("Rilascio attestati")}]

    def get_header_buttons(self):
        return [
            HeaderButton(
                _("Tutti gli attestati"), url=reverse("certificate_issue:list"), icon_name="list-ul"
            )
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        page = Paginator(selectors.issuable_editions(), PAGE_SIZE).get_page(
            self.request.GET.get("p")
        )
        context.update(page_obj=page, editions=list(page))
        return context


class EditionIssueView(IssuerMixin, WagtailAdminTemplateMixin, TemplateView):
    template_name = "certificates/admin/edition.html"
    header_icon = "doc-full-inverse"

    @cached_property
    def edition(self):
        return _edition(self.kwargs["pk"])

    def get_page_title(self):
        return _("Attestati")

    def get_page_subtitle(self):
        return self.edition.code

    def get_breadcrumbs_items(self):
        return self.home_crumbs({"url": "", "label": self.edition.code})

    def get_header_buttons(self):
        buttons = [
            HeaderButton(
                _("Iscrizioni"),
                url=reverse("editions:enrolments", args=[self.edition.pk]),
                icon_name="group",
                priority=20,
            )
        ]
        if can_download_edition_certificates(self.request.user):
            buttons.append(
                HeaderButton(
                    _("Scarica gli attestati (ZIP)"),
                    url=reverse("certificate_issue:zip", args=[self.edition.pk]),
                    icon_name="download",
                    priority=10,
                )
            )
        return buttons

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        edition = self.edition
        rule = selectors.course_rule(edition.course)
        standings = selectors.edition_standings(edition, rule=rule)
        context.update(
            edition=edition,
            rule=rule,
            template=selectors.template_for(rule),
            conditions=selectors.condition_labels(rule),
            closed=selectors.edition_is_issuable(edition),
            standings=standings,
            issuable=sum(1 for s in standings if s.may_be_issued),
            meeting=sum(1 for s in standings if s.meets_rule),
            holding=sum(1 for s in standings if s.certificate and s.certificate.is_valid),
            run=selectors.latest_run(edition),
        )
        return context


@require_POST
def edition_issue_start(request, pk):
    if not can_issue_certificates(request.user):
        raise PermissionDenied
    edition = _edition(pk)
    try:
        run = services.issue_run_start(edition=edition, by=request.user)
    except Refused as refusal:
        messages.error(request, refusal.message)
        return redirect("certificate_issue:edition", edition.pk)
    return redirect("certificate_issue:run", run.pk)


@require_POST
def edition_issue_person(request, pk):
    if not can_issue_certificates(request.user):
        raise PermissionDenied
    edition = _edition(pk)
    try:
        user_id = int(request.POST.get("user", ""))
    except ValueError:
        messages.error(request, _("Scegli la persona a cui rilasciare l'attestato."))
        return redirect("certificate_issue:edition", edition.pk)
    person = User.objects.filter(pk=user_id).first()
    try:
        if person is None:
            raise Refused(_("Questa persona non ha un posto confermato nell'edizione."))
        certificate = services.certificate_issue(edition=edition, user=person, by=request.user)
    except Refused as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(
            request,
            _("Attestato %(code)s rilasciato a %(person)s.")
            % {"code": certificate.grouped_code, "person": person},
        )
    return redirect("certificate_issue:edition", edition.pk)


def _run_summary(run):
    return {
        "state": run.state,
        "state_label": str(run.get_state_display()),
        "total": run.total,
        "issued": run.issued,
        "skipped": run.skipped,
        "processed": run.processed,
        "percent": run.percent,
        "active": run.is_active,
        "error": run.error,
        "summary": _("%(processed)d di %(total)d · rilasciati: %(issued)d")
        % {"processed": run.processed, "total": run.total, "issued": run.issued},
    }


class IssueRunView(IssuerMixin, WagtailAdminTemplateMixin, TemplateView):
    template_name = "certificates/admin/run.html"
    header_icon = "time"

    @cached_property
    def run(self):
        return get_object_or_404(
            IssueRun.objects.select_related("edition", "edition__course", "started_by"),
            pk=self.kwargs["pk"],
        )

    def get_page_title(self):
        return _("Rilascio in blocco")

    def get_page_subtitle(self):
        return self.run.edition.code

    def get_breadcrumbs_items(self):
        edition = self.run.edition
        return self.home_crumbs(
            {"url": reverse("certificate_issue:edition", args=[edition.pk]), "label": edition.code},
            {"url": "", "label": _("Rilascio in blocco")},
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            run=self.run,
            progress=_run_summary(self.run),
            status_url=reverse("certificate_issue:run_status", args=[self.run.pk]),
        )
        return context


def issue_run_status(request, pk):
    if not can_issue_certificates(request.user):
        raise PermissionDenied
    run = get_object_or_404(IssueRun, pk=pk)
    response = JsonResponse(_run_summary(run))
    response["Cache-Control"] = "no-store"
    return response


def edition_zip(request, pk):
    """The edition's valid certificates, one PDF each, in a ZIP."""
    if not can_download_edition_certificates(request.user):
        raise PermissionDenied
    edition = _edition(pk)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
        for certificate in selectors.edition_certificates(edition).select_related("user"):
            holder = slugify(f"{certificate.user.last_name} {certificate.user.first_name}")
            with certificate.pdf.open("rb") as pdf:
                archive.writestr(f"{holder or 'attestato'}-{certificate.code}.pdf", pdf.read())
    audit_record(
        actor=request.user,
        action=Action.DOWNLOAD,
        target=edition,
        detail={"kind": "certificates_zip", "edition": edition.code},
    )
    return protected_content_response(
        buffer.getvalue(), content_type="application/zip", filename=f"attestati-{edition.code}.zip"
    )


class CertificateListView(IssuerMixin, WagtailAdminTemplateMixin, TemplateView):
    """Every certificate, newest first, searchable by code or holder."""

    template_name = "certificates/admin/certificates.html"
    header_icon = "list-ul"
    page_title = gettext_lazy("Attestati rilasciati")

    def get_breadcrumbs_items(self):
        return self.home_crumbs({"url": "", "label": _("Attestati rilasciati")})

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query = self.request.GET.get("q", "").strip()[:100]
        certificates = Certificate.objects.select_related("user", "edition", "course")
        if query:
            code = normalise(query)
            matches = Q(user__last_name__icontains=query) | Q(user__email__icontains=query)
            if code:
                matches |= Q(code=code)
            certificates = certificates.filter(matches)
        page = Paginator(certificates.order_by("-issued_at", "-pk"), PAGE_SIZE).get_page(
            self.request.GET.get("p")
        )
        context.update(page_obj=page, certificates=list(page), query=query)
        return context


class CertificateMixin(IssuerMixin):
    @cached_property
    def certificate(self):
        return get_object_or_404(
            Certificate.objects.select_related(
                "user", "edition", "course", "issued_by", "revoked_by", "replaces", "replaced_by"
            ),
            pk=self.kwargs["pk"],
        )

    def certificate_crumbs(self, *current):
        certificate = self.certificate
        return self.home_crumbs(
            {
                "url": reverse("certificate_issue:edition", args=[certificate.edition_id]),
                "label": certificate.edition.code,
            },
            {
                "url": reverse("certificate_issue:certificate", args=[certificate.pk]),
                "label": certificate.grouped_code,
            },
            *current,
        )


class CertificateDetailView(CertificateMixin, WagtailAdminTemplateMixin, TemplateView):
    template_name = "certificates/admin/certificate.html"
    header_icon = "doc-full-inverse"

    def get_page_title(self):
        return _("Attestato")

    def get_page_subtitle(self):
        return self.certificate.grouped_code

    def get_breadcrumbs_items(self):
        return [
            *self.certificate_crumbs()[:-1],
            {"url": "", "label": self.certificate.grouped_code},
        ]

    def get_header_buttons(self):
        certificate, user = self.certificate, self.request.user
        buttons = [
            HeaderButton(
                _("Scarica il PDF"),
                url=reverse("certificates:download", args=[certificate.pk]),
                icon_name="download",
                priority=10,
            )
        ]
        if can_revoke_certificate(user, certificate):
            buttons.append(
                HeaderButton(
                    _("Revoca"),
                    url=reverse("certificate_issue:revoke", args=[certificate.pk]),
                    icon_name="cross",
                    priority=20,
                )
            )
        if can_reissue_certificate(user, certificate):
            buttons.append(
                HeaderButton(
                    _("Riemetti"),
                    url=reverse("certificate_issue:reissue", args=[certificate.pk]),
                    icon_name="rotate",
                    priority=30,
                )
            )
        return buttons

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            certificate=self.certificate,
            snapshot=self.certificate.snapshot,
            events=list(self.certificate.events.select_related("by", "related")),
        )
        return context


class ReasonView(CertificateMixin, WagtailAdminTemplateMixin, FormView):
    template_name = "certificates/admin/reason_form.html"
    form_class = ReasonForm
    action_label: "StrOrPromise" = ""
    title: "StrOrPromise" = ""

    def get_page_title(self):
        return self.title

    def get_page_subtitle(self):
        return self.certificate.grouped_code

    def get_breadcrumbs_items(self):
        return self.certificate_crumbs({"url": "", "label": self.title})

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            certificate=self.certificate,
            snapshot=self.certificate.snapshot,
            action_label=self.action_label,
            intro=self.intro(),
        )
        return context

    def form_valid(self, form):
        try:
            certificate = self.act(form.cleaned_data["reason"])
        except Refused as refusal:
            form.add_error(None, refusal.message)
            return self.form_invalid(form)
        return redirect("certificate_issue:certificate", certificate.pk)


class RevokeView(ReasonView):
    title = gettext_lazy("Revoca dell'attestato")
    action_label = gettext_lazy("Revoca l'attestato")

    def dispatch(self, request, *args, **kwargs):
        if not can_revoke_certificate(request.user, self.certificate):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def intro(self):
        return _(
            "La revoca è definitiva: la pagina di verifica e la credenziale digitale "
            "mostreranno l'attestato come revocato, con la data di oggi."
        )

    def act(self, reason):
        certificate = services.certificate_revoke(
            certificate=self.certificate, by=signed_in(self.request.user), reason=reason
        )
        messages.success(
            self.request, _("Attestato %(code)s revocato.") % {"code": certificate.grouped_code}
        )
        return certificate


class ReissueView(ReasonView):
    title = gettext_lazy("Riemissione dell'attestato")
    action_label = gettext_lazy("Riemetti l'attestato")

    def dispatch(self, request, *args, **kwargs):
        if not can_reissue_certificate(request.user, self.certificate):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def intro(self):
        return _(
            "Un nuovo attestato, con un nuovo codice, è rilasciato dal registro così com'è ora e "
            "sostituisce questo, che resta nello storico e alla verifica risulta sostituito."
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["standing"] = selectors.standing_of(
            self.certificate.edition, self.certificate.user_id
        )
        return context

    def act(self, reason):
        certificate = services.certificate_reissue(
            certificate=self.certificate, by=signed_in(self.request.user), reason=reason
        )
        messages.success(
            self.request,
            _("Attestato riemesso con il codice %(code)s.") % {"code": certificate.grouped_code},
        )
        return certificate


TEMPLATE_IMAGE_FIELDS = ("logo", "signature")


def template_image(request, pk, field):
    """A template's logo or signature for the admin's form, which no /media/ address serves."""
    if field not in TEMPLATE_IMAGE_FIELDS or not can_view_template_images(request.user):
        raise Http404
    template = CertificateTemplate.objects.filter(pk=pk).first()
    image = getattr(template, field) if template is not None else None
    if not image:
        raise Http404
    content_type = mimetypes.guess_type(image.name)[0] or "application/octet-stream"
    return protected_file_response(request, image, content_type=content_type)
