"""Admin pages beyond the generic ones: an edition's enrolments, decisions, runs of days, import."""

import csv
from collections import Counter
from typing import TYPE_CHECKING

from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Count
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.functional import cached_property
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from django.views.generic import FormView, TemplateView
from wagtail.admin import messages
from wagtail.admin.ui.components import Component
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.widgets.button import HeaderButton

from website.accounts.permissions import signed_in
from website.accounts.selectors import people_search
from website.core.exceptions import Refused

from . import selectors, services
from .forms import (
    EnrolmentDecisionForm,
    ImportConfirmForm,
    ImportUploadForm,
    PersonEnrolmentForm,
    SessionCancelForm,
    SessionRunForm,
)
from .imports import (
    TEMPLATE_HEADER,
    lines_from_dicts,
    plan_import,
    read_enrolment_file,
)
from .models import Edition, Enrolment
from .permissions import can_decide_enrolments, can_manage_courses

if TYPE_CHECKING:
    # The mixins below go before a Django view among the admin views' bases.
    from django.views import View as _ViewBase
else:
    _ViewBase = object


IMPORT_SALT = "courses.enrolment-import"

# The buttons under each table of enrolments: (action, label).
REQUEST_ACTIONS = [
    (EnrolmentDecisionForm.APPROVE, gettext_lazy("Approva le selezionate")),
    (EnrolmentDecisionForm.REFUSE, gettext_lazy("Rifiuta le selezionate")),
]
APPROVED_ACTIONS = [(EnrolmentDecisionForm.CANCEL, gettext_lazy("Annulla i posti selezionati"))]
WAITLIST_ACTIONS = [(EnrolmentDecisionForm.REFUSE, gettext_lazy("Togli dalla lista d'attesa"))]
IMPORT_MAX_AGE = 60 * 60  # seconds a preview stays valid


class PermissionMixin(_ViewBase):
    """Refuse anyone the permission function does not allow."""

    permission = staticmethod(can_decide_enrolments)

    def dispatch(self, request, *args, **kwargs):
        if not self.permission(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class EditionMixin(PermissionMixin):
    @cached_property
    def edition(self):
        return get_object_or_404(
            Edition.objects.select_related("course", "course__programme", "cluster"),
            pk=self.kwargs["pk"],
        )

    def edition_breadcrumbs(self, *current):
        return [
            {"url": reverse("wagtailadmin_home"), "label": _("Home")},
            {"url": reverse("editions:index"), "label": _("Edizioni")},
            {"url": reverse("editions:edit", args=[self.edition.pk]), "label": self.edition.code},
            *current,
        ]


class EditionEnrolmentsView(EditionMixin, WagtailAdminTemplateMixin, TemplateView):
    template_name = "courses/admin/edition_enrolments.html"
    header_icon = "group"

    def get_page_title(self):
        return _("Iscrizioni")

    def get_page_subtitle(self):
        return self.edition.code

    def get_breadcrumbs_items(self):
        return self.edition_breadcrumbs({"url": "", "label": _("Iscrizioni")})

    def get_header_buttons(self):
        return [
            HeaderButton(
                _("Iscrivi una persona"),
                url=reverse("editions:enrol_person", args=[self.edition.pk]),
                icon_name="plus",
                priority=10,
            ),
            HeaderButton(
                _("Importa da file"),
                url=reverse("enrolments:import"),
                icon_name="upload",
                priority=20,
            ),
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        enrolments = list(
            Enrolment.objects.filter(edition=self.edition)
            .select_related("user", "user__centre", "decided_by")
            .order_by("waitlisted_at", "requested_at", "pk")
        )
        by_status: dict[str, list[Enrolment]] = {status: [] for status in Enrolment.Status.values}
        for enrolment in enrolments:
            by_status[enrolment.status].append(enrolment)
        confirmed = len(by_status[Enrolment.Status.APPROVED])
        context.update(
            edition=self.edition,
            requested=by_status[Enrolment.Status.REQUESTED],
            approved=sorted(
                by_status[Enrolment.Status.APPROVED],
                key=lambda e: (e.user.last_name, e.user.first_name),
            ),
            waitlisted=by_status[Enrolment.Status.WAITLISTED],
            history=by_status[Enrolment.Status.REFUSED] + by_status[Enrolment.Status.WITHDRAWN],
            confirmed=confirmed,
            seats_left=max(self.edition.capacity - confirmed, 0),
            decide_url=reverse("enrolments:decide"),
            next_url=self.request.get_full_path(),
            request_actions=REQUEST_ACTIONS,
            approved_actions=APPROVED_ACTIONS,
            waitlist_actions=WAITLIST_ACTIONS,
        )
        return context


class PendingRequestsView(PermissionMixin, WagtailAdminTemplateMixin, TemplateView):
    template_name = "courses/admin/pending_requests.html"
    header_icon = "tasks"
    page_title = gettext_lazy("Richieste di iscrizione")

    def get_breadcrumbs_items(self):
        return [
            {"url": reverse("wagtailadmin_home"), "label": _("Home")},
            {"url": "", "label": _("Richieste di iscrizione")},
        ]

    def get_header_buttons(self):
        return [
            HeaderButton(_("Importa da file"), url=reverse("enrolments:import"), icon_name="upload")
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        page = Paginator(selectors.pending_requests(), 50).get_page(self.request.GET.get("p"))
        context.update(
            page_obj=page,
            requested=list(page),
            decide_url=reverse("enrolments:decide"),
            next_url=self.request.get_full_path(),
            request_actions=REQUEST_ACTIONS,
        )
        return context


def _safe_next(request, fallback):
    next_url = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        return next_url
    return fallback


@require_POST
def decide_enrolments(request):
    """Approve, refuse or cancel the chosen enrolments, one service call each."""
    if not can_decide_enrolments(request.user):
        raise PermissionDenied
    back = _safe_next(request, reverse("enrolments:index"))
    form = EnrolmentDecisionForm(
        request.POST,
        enrolments=Enrolment.objects.filter(status__in=Enrolment.ACTIVE_STATUSES).select_related(
            "user", "edition"
        ),
    )
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect(back)
    action, reason = form.cleaned_data["action"], form.cleaned_data["reason"]
    outcomes: Counter[str] = Counter()
    for enrolment in form.cleaned_data["enrolments"]:
        try:
            if action == EnrolmentDecisionForm.APPROVE:
                outcomes[
                    services.enrolment_approve(enrolment=enrolment, by=request.user).status
                ] += 1
            elif action == EnrolmentDecisionForm.REFUSE:
                services.enrolment_refuse(enrolment=enrolment, by=request.user, reason=reason)
                outcomes[Enrolment.Status.REFUSED] += 1
            else:
                services.enrolment_withdraw(enrolment=enrolment, by=request.user)
                outcomes[Enrolment.Status.WITHDRAWN] += 1
        except Refused as refusal:
            messages.error(request, refusal.message)
    summary: dict[str, str] = {
        Enrolment.Status.APPROVED: _("Posti confermati: %(n)d."),
        Enrolment.Status.WAITLISTED: _("Messe in lista d'attesa (edizione al completo): %(n)d."),
        Enrolment.Status.REFUSED: _("Richieste rifiutate: %(n)d."),
        Enrolment.Status.WITHDRAWN: _("Posti annullati: %(n)d."),
    }
    for status, count in outcomes.items():
        messages.success(request, summary[status] % {"n": count})
    return redirect(back)


class AdminFormView(WagtailAdminTemplateMixin, FormView):
    template_name = "courses/admin/form_page.html"
    submit_button_label = gettext_lazy("Salva")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            action_url=self.request.get_full_path(),
            submit_button_label=self.submit_button_label,
            submit_button_active_label=_("Salvataggio…"),
        )
        return context


class PersonEnrolmentView(EditionMixin, AdminFormView):
    """Find a person by name, surname, email or centre and enrol them, or enrol a new one."""

    form_class = PersonEnrolmentForm
    template_name = "courses/admin/person_enrolment.html"
    header_icon = "user"
    submit_button_label = gettext_lazy("Iscrivi")
    SEARCH_LIMIT = 20

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query = self.request.GET.get("q", "").strip()[:100]
        found = people_search(query, limit=self.SEARCH_LIMIT + 1) if query else []
        enrolled = (
            set(
                Enrolment.objects.filter(
                    edition=self.edition, user__in=[p.pk for p in found]
                ).values_list("user_id", flat=True)
            )
            if found
            else set()
        )
        context.update(
            query=query,
            found=[(person, person.pk in enrolled) for person in found[: self.SEARCH_LIMIT]],
            more=len(found) > self.SEARCH_LIMIT,
            form_url=reverse("editions:enrol_person", args=[self.edition.pk]),
        )
        context["action_url"] = context["form_url"]  # the search stays out of the POST
        return context

    def get_page_title(self):
        return _("Iscrivi una persona")

    def get_page_subtitle(self):
        return self.edition.code

    def get_breadcrumbs_items(self):
        return self.edition_breadcrumbs(
            {
                "url": reverse("editions:enrolments", args=[self.edition.pk]),
                "label": _("Iscrizioni"),
            },
            {"url": "", "label": _("Iscrivi una persona")},
        )

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            with transaction.atomic():
                person = form.person
                if person is None:
                    person, _created = services.person_find_or_create(
                        email=data["email"],
                        first_name=data["first_name"],
                        last_name=data["last_name"],
                        centre=data["centre"],
                        by=signed_in(self.request.user),
                    )
                services.enrolment_enrol(
                    user=person, edition=self.edition, by=signed_in(self.request.user)
                )
        except Refused as refusal:
            form.add_error(None, refusal.message)
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("%(person)s ha un posto confermato nell'edizione %(code)s.")
            % {"person": person, "code": self.edition.code},
        )
        return redirect("editions:enrolments", self.edition.pk)


class SessionRunView(EditionMixin, AdminFormView):
    permission = staticmethod(can_manage_courses)
    form_class = SessionRunForm
    header_icon = "date"
    submit_button_label = gettext_lazy("Aggiungi le giornate")

    def get_page_title(self):
        return _("Aggiungi giornate in serie")

    def get_page_subtitle(self):
        return self.edition.code

    def get_breadcrumbs_items(self):
        return self.edition_breadcrumbs({"url": "", "label": _("Giornate in serie")})

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "edition": self.edition}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["intro"] = _(
            "L'edizione si svolge dal %(start)s al %(end)s. Le giornate cadono solo nei giorni "
            "feriali, saltando le festività nazionali."
        ) % {
            "start": date_format(self.edition.starts_on, "SHORT_DATE_FORMAT"),
            "end": date_format(self.edition.ends_on, "SHORT_DATE_FORMAT"),
        }
        return context

    def form_valid(self, form):
        try:
            sessions = services.sessions_add_run(edition=self.edition, **form.cleaned_data)
        except ValidationError as error:
            for message in error.messages:
                form.add_error(None, message)
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("Aggiunte %(count)d giornate all'edizione %(code)s: %(dates)s.")
            % {
                "count": len(sessions),
                "code": self.edition.code,
                "dates": ", ".join(date_format(s.date, "SHORT_DATE_FORMAT") for s in sessions),
            },
        )
        return redirect("editions:edit", self.edition.pk)


class SessionCancelView(EditionMixin, AdminFormView):
    """A day that was not held is cancelled, never deleted: its marks and history stay."""

    permission = staticmethod(can_manage_courses)
    form_class = SessionCancelForm
    header_icon = "date"
    submit_button_label = gettext_lazy("Annulla la giornata")

    def get_page_title(self):
        return _("Annulla una giornata")

    def get_page_subtitle(self):
        return self.edition.code

    def get_breadcrumbs_items(self):
        return self.edition_breadcrumbs({"url": "", "label": _("Annulla una giornata")})

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "edition": self.edition}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["intro"] = _(
            "Una giornata annullata resta nel registro, con le sue presenze e il loro storico, "
            "ma non conta più ore: né per l'edizione né per i partecipanti."
        )
        return context

    def form_valid(self, form):
        try:
            session = services.session_cancel(
                session=form.cleaned_data["session"],
                by=signed_in(self.request.user),
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            for message in error.messages:
                form.add_error(None, message)
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("La giornata del %(date)s è annullata: presenze e storico restano nel registro.")
            % {"date": date_format(session.date, "SHORT_DATE_FORMAT")},
        )
        return redirect("editions:edit", self.edition.pk)


class ImportView(PermissionMixin, WagtailAdminTemplateMixin, TemplateView):
    """Upload → preview (what each line would do, errors by line) → confirm → all or nothing."""

    template_name = "courses/admin/import.html"
    header_icon = "upload"
    page_title = gettext_lazy("Importa iscrizioni")

    def get_breadcrumbs_items(self):
        return [
            {"url": reverse("wagtailadmin_home"), "label": _("Home")},
            {"url": reverse("enrolments:index"), "label": _("Richieste di iscrizione")},
            {"url": "", "label": _("Importa iscrizioni")},
        ]

    def get(self, request, *args, **kwargs):
        return self.render_to_response(self.get_context_data(form=ImportUploadForm()))

    def post(self, request, *args, **kwargs):
        if "payload" in request.POST:
            return self.confirm(request)
        form = ImportUploadForm(request.POST, request.FILES)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        try:
            lines = read_enrolment_file(form.cleaned_data["file"])
        except Refused as problem:
            form.add_error("file", problem.message)
            return self.render_to_response(self.get_context_data(form=form))
        return self.preview(lines, plan_import(lines), filename=form.cleaned_data["file"].name)

    def preview(self, lines, plan, *, filename=""):
        confirm = None
        if plan.is_valid:
            payload = signing.dumps(
                {
                    "lines": [line.as_dict() for line in lines],
                    "actions": [planned.action for planned in plan.lines],
                    "file": filename,
                },
                salt=IMPORT_SALT,
                compress=True,
            )
            confirm = ImportConfirmForm(initial={"payload": payload})
        return self.render_to_response(
            self.get_context_data(
                form=ImportUploadForm(),
                plan=plan,
                filename=filename,
                confirm_form=confirm,
                counts=plan.counts(),
            )
        )

    def confirm(self, request):
        form = ImportConfirmForm(request.POST)
        try:
            if not form.is_valid():
                raise signing.BadSignature
            data = signing.loads(
                form.cleaned_data["payload"], salt=IMPORT_SALT, max_age=IMPORT_MAX_AGE
            )
            lines = lines_from_dicts(data["lines"])
            actions = [str(action) for action in data["actions"]]
        except (signing.BadSignature, KeyError, TypeError):
            messages.error(
                request, _("L'anteprima è scaduta o non è valida: carica di nuovo il file.")
            )
            return redirect("enrolments:import")
        try:
            plan = services.enrolments_import(
                lines=lines, by=request.user, expected_actions=actions
            )
        except services.ImportRejected as rejected:
            messages.error(
                request,
                _(
                    "Nel frattempo qualcosa è cambiato: nessuna iscrizione importata. "
                    "Controlla la nuova anteprima."
                ),
            )
            return self.preview(lines, rejected.plan, filename=data.get("file", ""))
        # The same counts, in the same words, as the preview that was confirmed.
        messages.success(
            request, _("Importazione completata: %(counts)s.") % {"counts": plan.counts()}
        )
        return redirect("enrolments:import")


def import_template(request):
    """An empty file with the expected headings and one example line."""
    if not can_decide_enrolments(request.user):
        raise PermissionDenied
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="iscrizioni-modello.csv"'
    response.write("\ufeff")
    writer = csv.writer(response)
    writer.writerow(TEMPLATE_HEADER)
    example = Edition.objects.filter(status=Edition.Status.SCHEDULED).order_by("-starts_on").first()
    writer.writerow(
        ["nome.cognome@example.org", "Nome", "Cognome", "CPI-PA01", example.code if example else ""]
    )
    return response


class PendingRequestsPanel(Component):
    """On the admin's home page: editions with requests waiting for a decision."""

    name = "courses_pending_requests"
    template_name = "courses/admin/home_pending_panel.html"
    order = 90

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        context["editions"] = list(
            Edition.objects.filter(enrolments__status=Enrolment.Status.REQUESTED)
            .select_related("course")
            .annotate(pending=Count("enrolments"))
            .order_by("starts_on", "code")
        )
        context["all_url"] = reverse("enrolments:index")
        return context
