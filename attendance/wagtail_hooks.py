"""The register's admin for training managers and its panel on the learner's dashboard."""

from django.template.loader import render_to_string
from django.utils import timezone
from wagtail import hooks

from courses.hooks import (
    DASHBOARD_PANELS,
    ENROLMENT_FIELDS,
    TEACHING_EDITION_PANELS,
    DashboardPart,
    DashboardSlot,
    render_panel,
)
from courses.selectors import known_days_today, teaches_any_edition
from website.privacy.hooks import PERSONAL_DATA_SOURCES, RETENTION_HANDLERS, PersonalData

from . import permissions, selectors
from .models import AttendanceChange, AttendanceRecord
from .permissions import keeps_every_register
from .viewsets import RegisterViewSet


@hooks.register("register_admin_viewset")
def register_attendance_viewsets():
    return RegisterViewSet()


hooks.register(ENROLMENT_FIELDS, selectors.place_hours)


@hooks.register(DASHBOARD_PANELS)
def attendance_panel(request) -> list[DashboardPart]:
    """Today: the days to check in to (or the mark already made) and the registers to keep;
    in the history: hours attended against the threshold."""
    user = request.user
    if not user.is_authenticated:
        return []
    parts = []
    day = timezone.localdate()
    # The dashboard has read the person's days today with their next ones: without a day
    # today where they hold a place or teach, there is nothing to check in to or to mark.
    days = known_days_today(user, today=day)
    learns = days is None or any(getattr(session, "holds_place", True) for session in days)
    teaches = days is None or any(getattr(session, "is_taught", True) for session in days)
    days_today = selectors.days_today(user, today=day) if learns or teaches else None
    today = {
        "checkin_sessions": days_today.checkin if days_today else [],
        "taught_today": days_today.taught if days_today else [],
        "keeps_registers": keeps_every_register(user) or teaches_any_edition(user),
    }
    if any(today.values()):
        html = render_panel("attendance/panels/today.html", today, request=request)
        parts.append(DashboardPart(DashboardSlot.TODAY, html))
    attendance = selectors.my_attendance(user, today=day)
    if attendance:
        html = render_panel(
            "attendance/panels/dashboard.html", {"attendance": attendance}, request=request
        )
        parts.append(DashboardPart(DashboardSlot.HISTORY, html))
    return parts


@hooks.register(TEACHING_EDITION_PANELS)
def register_link_panel(request, edition) -> str:
    """On the teacher's page of an edition: its register, and how much of it is marked."""
    if not permissions.can_view_register(request.user, edition):
        return ""
    return render_to_string(
        "attendance/panels/teaching_edition.html",
        {
            "edition": edition,
            "closed": selectors.register_is_closed(edition),
            # Days still to come have nothing to mark yet.
            "missing": selectors.missing_marks(edition, started_by=timezone.now()),
        },
        request=request,
    )


@hooks.register(PERSONAL_DATA_SOURCES)
def attendance_data(person) -> list[PersonalData]:
    rows = [
        {
            "edition": record.session.edition.code,
            "course": record.session.edition.course.title,
            "date": record.session.date,
            "status": record.status,
            "hours": record.hours,
            "source": record.source,
            "updated_at": record.updated_at,
        }
        for record in AttendanceRecord.objects.filter(user=person)
        .select_related("session__edition__course")
        .order_by("session__date", "pk")
    ]
    return [PersonalData("presenze", rows)]


@hooks.register(RETENTION_HANDLERS)
def delete_kept_attendance(person) -> None:
    """At the end of the retention period: the person's days in the registers and their history."""
    AttendanceChange._base_manager.filter(participant=person).delete()
    AttendanceRecord.objects.filter(user=person).delete()
