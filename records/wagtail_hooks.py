"""The yearly record on the dashboard and on the training record page, and its admin."""

from functools import partial

from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.viewsets.model import ModelViewSetGroup

from courses.hooks import DASHBOARD_PANELS, render_panel
from reports.hooks import TRAINING_RECORD_PANELS
from website.accounts.relations import manages_any_centre
from website.core.viewsets import MASCULINE, ModelViewSet
from website.privacy.hooks import (
    ERASURE_HANDLERS,
    PERSONAL_DATA_SOURCES,
    RETENTION_HANDLERS,
    PersonalData,
)

from . import permissions, selectors
from .forms import YearForm, YearTargetForm
from .models import (
    EventAttendance,
    ExternalTraining,
    ExternalTrainingEvent,
    GroupTarget,
    ReminderPreference,
    Statement,
    YearTarget,
)


@hooks.register(DASHBOARD_PANELS)
def records_dashboard_panel(request) -> str:
    """Hours done against the year's target, what waits for approval, editions to take."""
    user = request.user
    if not user.is_authenticated:
        return ""
    year = selectors.current_year()
    record = selectors.person_year(user, year)
    suggestions = list(selectors.suggestions(user, year))
    return render_panel(
        "records/panels/dashboard.html",
        {
            "record": record,
            # Read whatever the hours, so the panel's queries never depend on them.
            "suggestions": [] if record.reached else suggestions,
            "record_url": reverse("reports:training_record", args=[user.pk])
            + f"?anno={year}#ore-annuali",
            "approvals": permissions.sees_everyone(user) or manages_any_centre(user),
        },
        request=request,
    )


@hooks.register(TRAINING_RECORD_PANELS)
def records_year_panel(request, person) -> str:
    """On the person's training record: the year's hours from every source, line by line."""
    if not permissions.can_view_year(request.user, person):
        return ""
    current = selectors.current_year()
    form = YearForm(request.GET or None)
    year = (form.cleaned_data.get("anno") if form.is_valid() else None) or current
    is_self = person.pk == request.user.pk
    preference = ReminderPreference.objects.filter(user=person).first() if is_self else None
    declarations = list(selectors.declarations_of(person, year))
    return render_to_string(
        "records/panels/training_record.html",
        {
            "record": selectors.person_year(person, year, declarations=declarations),
            "declarations": declarations,
            "statement": selectors.latest_statement(person, year),
            "years": sorted({*range(current - 4, current + 1), year}, reverse=True),
            "is_self": is_self,
            "wants_reminders": preference.wants_reminders if preference else True,
        },
        request=request,
    )


class RecordsMenuItem(MenuItem):
    def is_shown(self, request):
        return permissions.sees_everyone(request.user)


class EventsMenuItem(MenuItem):
    def is_shown(self, request):
        return permissions.can_confirm_event_attendance(request.user)


@hooks.register("register_admin_menu_item")
def records_overview_menu_item():
    return RecordsMenuItem(
        _("Ore di formazione annuali"),
        reverse("records:overview", args=[selectors.current_year()]),
        icon_name="time",
        order=560,
    )


@hooks.register("register_admin_menu_item")
def records_events_menu_item():
    return EventsMenuItem(
        _("Presenze agli eventi"), reverse("records:events"), icon_name="date", order=561
    )


class YearTargetViewSet(ModelViewSet):
    model = YearTarget
    grammatical_gender = MASCULINE
    icon = "pick"
    list_display = ["year", "hours"]
    menu_label = _("Obiettivi annuali")
    add_to_admin_menu = False

    def get_form_class(self, for_update=False):
        return YearTargetForm


class GroupTargetViewSet(ModelViewSet):
    model = GroupTarget
    grammatical_gender = MASCULINE
    icon = "group"
    form_fields = ["year", "name", "hours", "members"]
    list_display = ["name", "year", "hours"]
    menu_label = _("Obiettivi dei gruppi")
    add_to_admin_menu = False


class TargetsViewSetGroup(ModelViewSetGroup):
    menu_label = _("Obiettivi di ore")
    menu_icon = "pick"
    menu_order = 565
    items = (YearTargetViewSet("records_year_targets"), GroupTargetViewSet("records_group_targets"))


@hooks.register("register_admin_viewset")
def register_targets():
    return TargetsViewSetGroup()


@hooks.register("before_delete_page")
def keep_confirmed_event_attendance(request, page):
    """An event whose attendance was confirmed is training history: it is unpublished, not
    deleted (its hours count in people's years). The admin says why and deletes nothing."""
    from django.contrib import messages
    from django.shortcuts import redirect

    from website.core.deletion import deletion_blockers, refusal_message

    blockers = deletion_blockers(page.specific)
    if not blockers:
        return None
    messages.error(request, refusal_message(page.specific, blockers))
    return redirect("wagtailadmin_pages:edit", page.pk)


@hooks.register(PERSONAL_DATA_SOURCES)
def training_record_data(person) -> list[PersonalData]:
    """Every line of the yearly record since the account was made, and what was declared."""
    lines = []
    for year in range(person.date_joined.year, selectors.current_year() + 1):
        for line in selectors.person_year(person, year).lines:
            lines.append(
                {
                    "year": year,
                    "date": line.date,
                    "title": line.title,
                    "provider": line.provider,
                    "hours": line.hours,
                    "kind": line.kind,
                    "evidence": line.evidence,
                }
            )
    declarations = [
        {
            "title": item.title,
            "provider": item.provider,
            "starts_on": item.starts_on,
            "ends_on": item.ends_on,
            "hours": item.hours,
            "evidence": item.evidence,
            "status": item.status,
            "reason": item.reason,
            "created_at": item.created_at,
        }
        for item in ExternalTraining.objects.filter(user=person).order_by("created_at", "pk")
    ]
    statements = [
        {"year": item.year, "code": item.code, "issued_at": item.issued_at}
        for item in Statement.objects.filter(user=person).order_by("year")
    ]
    return [
        PersonalData("ore_formazione", lines),
        PersonalData("formazione_esterna", declarations),
        PersonalData("dichiarazioni_annuali", statements),
    ]


@hooks.register(ERASURE_HANDLERS)
def erase_record_data(person, pseudonym: str) -> None:
    """The yearly statements (they carry the name) and the reminder preference go; the
    declarations stay, like the registers, as hours of training without a name."""
    ReminderPreference.objects.filter(user=person).delete()
    for statement in Statement.objects.filter(user=person):
        if statement.pdf:
            transaction.on_commit(partial(statement.pdf.storage.delete, statement.pdf.name))
        statement.delete()


@hooks.register(RETENTION_HANDLERS)
def delete_kept_training(person) -> None:
    """At the end of the retention period: declared training, its history and evidence, and
    the events the person attended."""
    ExternalTrainingEvent._base_manager.filter(declaration__user=person).delete()
    for declaration in ExternalTraining.objects.filter(user=person):
        if declaration.evidence_file:
            transaction.on_commit(
                partial(declaration.evidence_file.storage.delete, declaration.evidence_file.name)
            )
        declaration.delete()
    EventAttendance.objects.filter(user=person).delete()
