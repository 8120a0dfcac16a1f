"""The registers in the Wagtail admin: list, grid, days, history, closing and reopening.

Training managers only. The forms, selectors and services are those of the
site's pages: the admin is another way in, not another set of rules.
"""

from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Exists, OuterRef, Q
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from django.views.generic import TemplateView
from wagtail.admin import messages
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.widgets.button import HeaderButton

from courses.models import Edition, Enrolment, Session
from courses.selectors import session_count_subquery
from website.core.exceptions import Refused

from . import selectors, services
from .forms import CloseRegisterForm, ReopenRegisterForm
from .models import KEPT_STATUSES, AttendanceStatus, RegisterClosure
from .permissions import keeps_every_register
from .views import day_form

if TYPE_CHECKING:
    # The mixins below go before a Django view among the admin views' bases.
    from django.views import View as _ViewBase
else:
    _ViewBase = object


PAGE_SIZE = 30


class TrainingManagerMixin(_ViewBase):
    def dispatch(self, request, *args, **kwargs):
        if not keeps_every_register(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class RegisterIndexView(TrainingManagerMixin, WagtailAdminTemplateMixin, TemplateView):
    template_name = "attendance/admin/index.html"
    header_icon = "tasks"
    page_title = gettext_lazy("Registri delle presenze")

    def get_breadcrumbs_items(self):
        return [
            {"url": reverse("wagtailadmin_home"), "label": _("Home")},
            {"url": "", "label": _("Registri delle presenze")},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query = self.request.GET.get("q", "").strip()
        editions = Edition.objects.filter(status__in=KEPT_STATUSES)
        if query:
            editions = editions.filter(Q(code__icontains=query) | Q(course__title__icontains=query))
        editions = (
            editions.select_related("course", "cluster")  # type: ignore[no-redef]  # Edition declares it
            .annotate(
                day_count=session_count_subquery(),
                participant_count=Count(
                    "enrolments", filter=Q(enrolments__status=Enrolment.Status.APPROVED)
                ),
                register_closed=Exists(RegisterClosure.objects.filter(edition=OuterRef("pk"))),
            )
            .order_by("-starts_on", "code")
        )
        context.update(
            page_obj=Paginator(editions, PAGE_SIZE).get_page(self.request.GET.get("p")),
            query=query,
        )
        return context


class EditionRegisterMixin(TrainingManagerMixin):
    @cached_property
    def edition(self):
        edition = get_object_or_404(
            Edition.objects.select_related("course", "course__programme", "cluster").with_code(
                self.kwargs["code"]
            )
        )
        edition.register_closed = selectors.register_is_closed(edition)
        edition.may_mark = edition.status in KEPT_STATUSES
        return edition

    def register_breadcrumbs(self, *current):
        return [
            {"url": reverse("wagtailadmin_home"), "label": _("Home")},
            {"url": reverse("attendance_registers:index"), "label": _("Registri delle presenze")},
            {
                "url": reverse("attendance_registers:register", args=[self.edition.code]),
                "label": self.edition.code,
            },
            *current,
        ]

    def get_page_subtitle(self):
        return self.edition.code


class RegisterView(EditionRegisterMixin, WagtailAdminTemplateMixin, TemplateView):
    template_name = "attendance/admin/register.html"
    header_icon = "tasks"

    def get_page_title(self):
        return _("Registro delle presenze")

    def get_breadcrumbs_items(self):
        return [*self.register_breadcrumbs()[:-1], {"url": "", "label": self.edition.code}]

    def get_header_buttons(self):
        return [
            HeaderButton(
                _("Storico delle modifiche"),
                url=reverse("attendance_registers:history", args=[self.edition.code]),
                icon_name="history",
                priority=10,
            ),
            HeaderButton(
                _("Registro sul sito"),
                url=reverse("attendance:register", args=[self.edition.code]),
                icon_name="link-external",
                priority=20,
            ),
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        grid = selectors.register_grid(self.edition)
        context.update(
            edition=self.edition,
            grid=grid,
            statuses=AttendanceStatus,
            missing=selectors.missing_marks(self.edition, started_by=timezone.now()),
            close_form=CloseRegisterForm(),
            reopen_form=ReopenRegisterForm(),
        )
        return context


class DayView(EditionRegisterMixin, WagtailAdminTemplateMixin, TemplateView):
    template_name = "attendance/admin/day.html"
    header_icon = "date"

    @cached_property
    def session(self):
        session = get_object_or_404(Session, pk=self.kwargs["pk"], edition=self.edition)
        session.edition = self.edition
        return session

    def get_page_title(self):
        return _("Giornata del %(date)s") % {
            "date": date_format(self.session.date, "SHORT_DATE_FORMAT")
        }

    def get_breadcrumbs_items(self):
        return self.register_breadcrumbs({"url": "", "label": self.get_page_title()})

    def get(self, request, *args, **kwargs):
        return self.handle(request)

    def post(self, request, *args, **kwargs):
        return self.handle(request)

    def handle(self, request):
        register_url = reverse("attendance_registers:register", args=[self.edition.code])
        if self.session.date > timezone.localdate() or not self.edition.may_mark:
            messages.error(request, _("Questa giornata non si può ancora segnare."))
            return redirect(register_url)
        form, saved = day_form(request, self.edition, self.session)
        if saved:
            return redirect(register_url)
        return self.render_to_response(
            self.get_context_data(edition=self.edition, session=self.session, form=form)
        )


class HistoryView(EditionRegisterMixin, WagtailAdminTemplateMixin, TemplateView):
    template_name = "attendance/admin/history.html"
    header_icon = "history"

    def get_page_title(self):
        return _("Storico del registro")

    def get_breadcrumbs_items(self):
        return self.register_breadcrumbs({"url": "", "label": _("Storico")})

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            edition=self.edition,
            page_obj=Paginator(selectors.register_changes(self.edition), 50).get_page(
                self.request.GET.get("p")
            ),
            events=list(selectors.register_events(self.edition)),
        )
        return context


def _closing(request, code, form_class, action):
    if not keeps_every_register(request.user):
        raise PermissionDenied
    edition = get_object_or_404(Edition.objects.with_code(code))
    form = form_class(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
    else:
        try:
            action(edition=edition, by=request.user, reason=form.cleaned_data["reason"])
        except Refused as refusal:
            messages.error(request, refusal.message)
        else:
            return edition, True
    return edition, False


@require_POST
def close_register(request, code):
    edition, done = _closing(request, code, CloseRegisterForm, services.register_close)
    if done:
        messages.success(
            request,
            _("Registro %(code)s chiuso: da ora lo modifica solo il servizio formazione.")
            % {"code": edition.code},
        )
    return redirect("attendance_registers:register", edition.code)


@require_POST
def reopen_register(request, code):
    edition, done = _closing(request, code, ReopenRegisterForm, services.register_reopen)
    if done:
        messages.success(
            request,
            _("Registro dell'edizione %(code)s riaperto: i docenti possono di nuovo correggerlo.")
            % {"code": edition.code},
        )
    return redirect("attendance_registers:register", edition.code)
