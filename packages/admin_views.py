"""Staff pages in the Wagtail admin: the packages, uploading, the learners' attempts, resets."""

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from django.views.generic import FormView, TemplateView
from wagtail.admin import messages
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.widgets.button import HeaderButton

from courses.models import Course, Edition
from courses.relations import taught_edition_ids
from website.core.exceptions import Refused

from . import services
from .forms import PackageUploadForm, PackageVersionForm, ResetForm
from .models import Attempt, AttemptReset, Package, ScoState
from .permissions import can_manage_package, learners_visible_to, manages_all


def managed_courses(user):
    if manages_all(user):
        return Course.objects.all()
    return Course.objects.filter(
        pk__in=Edition.objects.filter(pk__in=taught_edition_ids(user)).values("course_id")
    )


def _crumbs(*current):
    return [
        {"url": reverse("wagtailadmin_home"), "label": _("Home")},
        {"url": reverse("packages_admin:index"), "label": _("Pacchetti e-learning")},
        *current,
    ]


class StaffMixin:
    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated or not (
            manages_all(request.user) or managed_courses(request.user).exists()
        ):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class PackageMixin(StaffMixin):
    @cached_property
    def package(self):
        package = (
            Package.objects.select_related("course", "current_version")
            .filter(pk=self.kwargs["pk"])
            .first()
        )
        if package is None or not can_manage_package(self.request.user, package):
            raise Http404
        return package


class PackageIndexView(StaffMixin, WagtailAdminTemplateMixin, TemplateView):
    template_name = "packages/admin/index.html"
    header_icon = "media"
    page_title = gettext_lazy("Pacchetti e-learning")

    def get_breadcrumbs_items(self):
        return _crumbs()

    def get_header_buttons(self):
        return [
            HeaderButton(_("Carica un pacchetto"), url=reverse("packages_admin:upload"), icon_name="upload")
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["packages"] = list(
            Package.objects.filter(course__in=managed_courses(self.request.user))
            .select_related("course", "current_version")
            .order_by("course__title", "title")
        )
        return context


class PackageUploadView(StaffMixin, WagtailAdminTemplateMixin, FormView):
    template_name = "packages/admin/form.html"
    form_class = PackageUploadForm
    header_icon = "upload"
    page_title = gettext_lazy("Carica un pacchetto")

    def get_breadcrumbs_items(self):
        return _crumbs({"url": "", "label": _("Carica un pacchetto")})

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "courses": managed_courses(self.request.user)}

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "submit_label": _("Carica")}

    def form_valid(self, form):
        try:
            package = services.upload_package(
                course=form.cleaned_data["course"],
                title=form.cleaned_data["title"],
                uploaded=form.cleaned_data["file"],
                by=self.request.user,
            )
        except Refused as refused:
            form.add_error("file", _("Pacchetto rifiutato: %(reason)s") % {"reason": refused.message})
            return self.form_invalid(form)
        messages.success(self.request, _("Pacchetto «%(title)s» caricato.") % {"title": package.title})
        return redirect("packages_admin:attempts", pk=package.pk)


class PackageVersionView(PackageMixin, WagtailAdminTemplateMixin, FormView):
    template_name = "packages/admin/form.html"
    form_class = PackageVersionForm
    header_icon = "upload"
    page_title = gettext_lazy("Nuova versione")

    def get_page_subtitle(self):
        return self.package.title

    def get_breadcrumbs_items(self):
        return _crumbs(
            {"url": reverse("packages_admin:attempts", args=[self.package.pk]), "label": self.package.title},
            {"url": "", "label": _("Nuova versione")},
        )

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "submit_label": _("Carica")}

    def form_valid(self, form):
        try:
            services.upload_package(
                course=self.package.course,
                uploaded=form.cleaned_data["file"],
                by=self.request.user,
                package=self.package,
            )
        except Refused as refused:
            form.add_error("file", _("Pacchetto rifiutato: %(reason)s") % {"reason": refused.message})
            return self.form_invalid(form)
        messages.success(self.request, _("Nuova versione caricata."))
        return redirect("packages_admin:attempts", pk=self.package.pk)


class AttemptsView(PackageMixin, WagtailAdminTemplateMixin, TemplateView):
    """Each learner's attempts: status, score, time, last access; reset with a reason."""

    template_name = "packages/admin/attempts.html"
    header_icon = "list-ul"
    page_title = gettext_lazy("Tentativi")

    def get_page_subtitle(self):
        return self.package.title

    def get_breadcrumbs_items(self):
        return _crumbs({"url": "", "label": self.package.title})

    def get_header_buttons(self):
        return [
            HeaderButton(
                _("Nuova versione"),
                url=reverse("packages_admin:version", args=[self.package.pk]),
                icon_name="upload",
            ),
            HeaderButton(
                _("Apri il pacchetto"),
                url=reverse("packages:package", args=[self.package.pk]),
                icon_name="view",
            ),
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        attempts = Attempt.objects.filter(package=self.package).select_related("user", "version")
        visible = learners_visible_to(self.request.user, self.package)
        if visible is not None:
            attempts = attempts.filter(user_id__in=visible)
        attempts = list(attempts.order_by("user__last_name", "user__first_name", "user_id", "-number"))
        states: dict[int, list[ScoState]] = {}
        for state in ScoState.objects.filter(attempt__in=[a.pk for a in attempts]):
            states.setdefault(state.attempt_id, []).append(state)
        resets: dict[int, list[AttemptReset]] = {}
        for reset in AttemptReset.objects.filter(attempt__in=[a.pk for a in attempts]).select_related("by"):
            resets.setdefault(reset.attempt_id, []).append(reset)
        rows = []
        for attempt in attempts:
            own = states.get(attempt.pk, [])
            scores = [s.score for s in own if s.score is not None]
            rows.append(
                {
                    "attempt": attempt,
                    "completed": sum(1 for s in own if s.completion == "completed"),
                    "items": len(own),
                    "success": sorted({s.success for s in own if s.success != "unknown"}),
                    "score": (sum(scores) / len(scores)) if scores else None,
                    "minutes": sum(s.prior_seconds + s.session_seconds - s.carried_seconds for s in own) // 60,
                    "resets": resets.get(attempt.pk, []),
                }
            )
        context.update(package=self.package, rows=rows, reset_form=ResetForm())
        return context


@require_POST
def reset_attempt(request, pk):
    attempt = Attempt.objects.select_related("package").filter(pk=pk).first()
    if attempt is None or not can_manage_package(request.user, attempt.package):
        raise Http404
    visible = learners_visible_to(request.user, attempt.package)
    if visible is not None and not visible.filter(Q(user_id=attempt.user_id)).exists():
        raise Http404
    form = ResetForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Scrivi il motivo dell'azzeramento (al massimo 1000 caratteri)."))
    else:
        try:
            services.reset_attempt(attempt=attempt, by=request.user, reason=form.cleaned_data["reason"])
        except Refused as refused:
            messages.error(request, refused.message)
        else:
            messages.success(request, _("Tentativo azzerato: al prossimo accesso la persona ricomincia."))
    return redirect("packages_admin:attempts", pk=attempt.package_id)
