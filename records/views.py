"""The yearly record's pages. Everything a person may not see answers 404."""

from decimal import Decimal

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from certificates import codes
from courses.templatetags.courses_tags import format_hours
from website.accounts.models import EmploymentCentre
from website.audit.services import Action, audit_record
from website.core import ratelimits
from website.core.exceptions import Refused
from website.core.files import protected_file_response
from website.core.navigation import Crumb, trail

from . import exports, permissions, selectors, services
from .charts import region_chart
from .forms import (
    DeclarationForm,
    EventAttendanceForm,
    ReminderPreferenceForm,
    ReturnForm,
    VerifyForm,
)
from .models import ExternalTraining, ReminderPreference, Statement

MIN_YEAR, MAX_YEAR = 2000, 2100


def _records_trail(here: str) -> list[Crumb]:
    return trail((_("La mia formazione"), reverse("courses:dashboard")), Crumb(here))


def _year(year) -> int:
    if not MIN_YEAR <= int(year) <= MAX_YEAR:
        raise Http404
    return int(year)


def _declaration(request, pk) -> ExternalTraining:
    declaration = get_object_or_404(
        ExternalTraining.objects.select_related("user", "user__centre", "decided_by"), pk=pk
    )
    if not permissions.can_view_declaration(request.user, declaration):
        raise Http404
    return declaration


def _record_url(person, year) -> str:
    return reverse("reports:training_record", args=[person.pk]) + f"?anno={year}#ore-annuali"


@login_required
def declare(request):
    posted = request.method == "POST"
    form = DeclarationForm(request.POST if posted else None, request.FILES if posted else None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            declaration = services.declaration_create(
                user=request.user,
                title=data["title"],
                provider=data["provider"],
                starts_on=data["starts_on"],
                ends_on=data["ends_on"],
                hours=data["hours"],
                evidence_file=data.get("evidence_file"),
                credential=data.get("credential") or "",
            )
        except Refused as refusal:
            form.add_error(None, refusal.message)
        else:
            messages.success(request, _("Dichiarazione inviata: il tuo responsabile la esaminerà."))
            return redirect("records:declaration", declaration.pk)
    status = 400 if form.is_bound else 200
    return render(
        request,
        "records/declare.html",
        {"form": form, "breadcrumbs": _records_trail(_("Formazione esterna"))},
        status=status,
    )


@login_required
def declaration(request, pk):
    declaration = _declaration(request, pk)
    return render(
        request,
        "records/declaration.html",
        {
            "declaration": declaration,
            "history": list(selectors.declaration_history(declaration)),
            "can_change": permissions.can_change_declaration(request.user, declaration),
            "can_decide": permissions.can_decide(request.user, declaration)
            and declaration.status == ExternalTraining.Status.PENDING,
            "return_form": ReturnForm(),
            "record_url": _record_url(declaration.user, declaration.year),
            "breadcrumbs": _records_trail(_("Formazione esterna")),
        },
    )


@login_required
def declaration_change(request, pk):
    declaration = _declaration(request, pk)
    if not permissions.can_change_declaration(request.user, declaration):
        raise Http404
    initial = {
        name: getattr(declaration, name)
        for name in ("title", "provider", "starts_on", "ends_on", "hours")
    }
    form = DeclarationForm(
        request.POST if request.method == "POST" else None, initial=initial, changing=True
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.declaration_update(
                declaration=declaration, user=request.user, **form.cleaned_data
            )
        except Refused as refusal:
            form.add_error(None, refusal.message)
        else:
            messages.success(request, _("Dichiarazione corretta e inviata di nuovo."))
            return redirect("records:declaration", declaration.pk)
    status = 400 if form.is_bound else 200
    return render(
        request,
        "records/declare.html",
        {
            "form": form,
            "declaration": declaration,
            "breadcrumbs": _records_trail(_("Formazione esterna")),
        },
        status=status,
    )


@login_required
@require_POST
def declaration_withdraw(request, pk):
    declaration = _declaration(request, pk)
    if not permissions.can_change_declaration(request.user, declaration):
        raise Http404
    services.declaration_withdraw(declaration=declaration, user=request.user)
    messages.success(request, _("Dichiarazione ritirata."))
    return redirect("records:declaration", declaration.pk)


@login_required
def declaration_evidence(request, pk):
    declaration = _declaration(request, pk)
    if not declaration.evidence_file:
        raise Http404
    return protected_file_response(
        request,
        declaration.evidence_file,
        content_type="application/pdf",
        filename=declaration.evidence_name or "attestato.pdf",
        as_attachment=True,
    )


@login_required
@require_POST
def declaration_decide(request, pk):
    declaration = _declaration(request, pk)
    if not permissions.can_decide(request.user, declaration):
        raise Http404
    action = request.POST.get("action")
    form = ReturnForm(request.POST)
    try:
        if action == "approve":
            services.declaration_approve(declaration=declaration, user=request.user)
            messages.success(request, _("Formazione approvata: le ore contano per l'anno."))
        elif action == "return" and form.is_valid():
            services.declaration_return(
                declaration=declaration, user=request.user, reason=form.cleaned_data["reason"]
            )
            messages.success(request, _("Dichiarazione rimandata indietro con il motivo."))
        else:
            messages.error(
                request,
                _("Scegli se approvare o rimandare indietro; per rimandare serve il motivo."),
            )
            return redirect("records:declaration", declaration.pk)
    except Refused as refusal:
        messages.error(request, refusal.message)
    if request.POST.get("next") == "approvals":
        return redirect("records:approvals")
    return redirect("records:declaration", declaration.pk)


@login_required
def approvals(request):
    user = request.user
    if not (permissions.sees_everyone(user) or permissions.staff_centres(user).exists()):
        raise Http404
    pending = (
        ExternalTraining.objects.filter(
            status=ExternalTraining.Status.PENDING,
            user__in=permissions.deciding_scope(user),
        )
        .select_related("user", "user__centre")
        .order_by("created_at", "pk")
    )
    return render(
        request,
        "records/approvals.html",
        {"pending": list(pending), "breadcrumbs": _records_trail(_("Da approvare"))},
    )


def _centre(request, code) -> EmploymentCentre:
    centre = get_object_or_404(EmploymentCentre.objects.select_related("cluster"), code=code)
    if not permissions.staff_centres(request.user).filter(pk=centre.pk).exists():
        raise Http404
    return centre


@login_required
def centre(request, code, year):
    year = _year(year)
    centre = _centre(request, code)
    rows = selectors.centre_year(centre, year)
    return render(
        request,
        "records/centre.html",
        {
            "centre": centre,
            "year": year,
            "rows": rows,
            "behind": sum(row.record.behind_pace for row in rows),
            "reached": sum(row.record.reached for row in rows),
            "pending": sum(row.record.pending_count for row in rows),
            "months_left": selectors.months_left(year, timezone.localdate()),
            "years": _years(year),
            "breadcrumbs": _records_trail(centre.name),
        },
    )


def _years(year):
    current = selectors.current_year()
    return [y for y in range(current - 3, current + 1) if y != year]


@login_required
def centre_csv(request, code, year):
    year = _year(year)
    centre = _centre(request, code)
    _audit_centre_year(request, centre, year, "csv")
    return exports.centre_csv(centre, year, selectors.centre_year(centre, year))


@login_required
def centre_xlsx(request, code, year):
    year = _year(year)
    centre = _centre(request, code)
    _audit_centre_year(request, centre, year, "xlsx")
    return exports.centre_xlsx(centre, year, selectors.centre_year(centre, year))


def _audit_centre_year(request, centre, year, file_format: str) -> None:
    audit_record(
        actor=request.user,
        action=Action.EXPORT,
        target=f"{centre.name} {year}",
        detail={
            "kind": "centre_training_hours",
            "centre": centre.code,
            "year": year,
            "format": file_format,
        },
    )


@login_required
def overview(request, year):
    year = _year(year)
    scope = permissions.overview_centres(request.user)
    if not scope.exists():
        raise Http404
    region = selectors.region_year(scope, year)
    staff_ids = set(permissions.staff_centres(request.user).values_list("pk", flat=True))
    for row in region.centres:
        row.shows_staff = row.pk in staff_ids
    return render(
        request,
        "records/overview.html",
        {
            "year": year,
            "region": region,
            "chart": region_chart(region.clusters, year),
            "years": _years(year),
            "breadcrumbs": _records_trail(_("Ore per cluster e centro")),
        },
    )


@login_required
@require_POST
def statement_issue(request, year):
    year = _year(year)
    try:
        services.statement_issue(user=request.user, year=year)
    except Refused as refusal:
        messages.error(request, refusal.message)
        return redirect(_record_url(request.user, year))
    messages.success(request, _("Dichiarazione annuale emessa."))
    return redirect(_record_url(request.user, year))


@login_required
def statement_pdf(request, code):
    statement = get_object_or_404(Statement.objects.select_related("user"), code=code)
    if not permissions.can_view_year(request.user, statement.user):
        raise Http404
    return protected_file_response(
        request,
        statement.pdf,
        content_type="application/pdf",
        filename=f"formazione-{statement.year}-{codes.grouped(statement.code)}.pdf",
        sandbox=False,
    )


def _verification(request, typed, form):
    context = {"form": form, "typed": typed}
    status = 200
    if typed is not None:
        key = ratelimits.client_key(request, per_person=False)
        if ratelimits.limit_reached("records-verify", key, [settings.CERTIFICATES_VERIFY_RATE]):
            context["limited"] = True
            status = 429
        else:
            code = codes.normalise(typed)
            statement = (
                Statement.objects.select_related("user").filter(code=code).first() if code else None
            )
            context["statement"] = statement
            if statement is not None:
                context["hours"] = format_hours(Decimal(statement.snapshot["hours"]))
                context["target"] = format_hours(Decimal(statement.snapshot["target"]))
    response = render(request, "records/verify.html", context, status=status)
    response["X-Robots-Tag"] = "noindex"
    return response


@never_cache
@require_GET
def verify(request):
    if "code" not in request.GET:
        return _verification(request, None, VerifyForm())
    form = VerifyForm(request.GET)
    if not form.is_valid():
        return _verification(request, None, form)
    return _verification(request, form.cleaned_data["code"], form)


@never_cache
@require_GET
def verify_code(request, code):
    return _verification(request, code, VerifyForm(initial={"code": code[:64]}))


@login_required
@require_POST
def reminders(request):
    form = ReminderPreferenceForm(request.POST)
    form.is_valid()
    services.reminder_preference_set(
        user=request.user, wants_reminders=bool(form.cleaned_data.get("wants_reminders"))
    )
    messages.success(request, _("Preferenza sui promemoria salvata."))
    return redirect(_record_url(request.user, selectors.current_year()))


@login_required
def event_attendance(request, page_id):
    from website.cms.models import EventPage, EventRegistration

    if not permissions.can_confirm_event_attendance(request.user):
        raise Http404
    event = get_object_or_404(EventPage, pk=page_id)
    registrations = list(
        EventRegistration.objects.filter(event=event)
        .select_related("user")
        .order_by("user__last_name", "user__first_name", "user__pk")
    )
    confirmed = dict(event.confirmed_attendances.values_list("user_id", "hours"))
    form = EventAttendanceForm(
        request.POST if request.method == "POST" else None, registrations=registrations
    )
    if request.method == "POST" and form.is_valid():
        try:
            created = services.event_attendance_confirm(
                event=event,
                user_ids=form.cleaned_data["people"],
                hours=form.cleaned_data["hours"],
                confirmed_by=request.user,
            )
        except Refused as refusal:
            form.add_error(None, refusal.message)
        else:
            messages.success(
                request, _("Presenze confermate: %(count)s nuove.") % {"count": created}
            )
            return redirect("records:event_attendance", event.pk)
    status = 400 if form.is_bound else 200
    return render(
        request,
        "records/event_attendance.html",
        {"event": event, "form": form, "registrations": registrations, "confirmed": confirmed},
        status=status,
    )


def reminder_preference(user) -> bool:
    preference = ReminderPreference.objects.filter(user=user).first()
    return preference.wants_reminders if preference else True


@login_required
def events(request):
    """Events of the last year with registrations, to confirm who attended."""
    from datetime import timedelta

    from django.db.models import Count

    from website.cms.models import EventPage

    if not permissions.can_confirm_event_attendance(request.user):
        raise Http404
    since = timezone.localdate() - timedelta(days=400)
    rows = (
        EventPage.objects.filter(date__gte=since, date__lte=timezone.localdate())
        .annotate(
            registered=Count("registrations", distinct=True),
            confirmed=Count("confirmed_attendances", distinct=True),
        )
        .filter(registered__gt=0)
        .order_by("-date")
    )
    return render(request, "records/events.html", {"events": list(rows)})
