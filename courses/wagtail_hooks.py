from wagtail import hooks

from website.privacy.hooks import ERASURE_HANDLERS, PERSONAL_DATA_SOURCES, PersonalData

from .admin_views import PendingRequestsPanel
from .models import CalendarFeed, Enrolment, SessionReminder
from .permissions import can_decide_enrolments
from .viewsets import TrainingViewSetGroup


@hooks.register("register_admin_viewset")
def register_training_viewsets():
    return TrainingViewSetGroup()


@hooks.register("construct_homepage_panels")
def add_pending_requests_panel(request, panels):
    if can_decide_enrolments(request.user):
        panels.append(PendingRequestsPanel())


@hooks.register(PERSONAL_DATA_SOURCES)
def enrolments_data(person) -> list[PersonalData]:
    rows = [
        {
            "course": enrolment.course.title,
            "edition": enrolment.edition.code,
            "status": enrolment.status,
            "source": enrolment.source,
            "requested_at": enrolment.requested_at,
            "waitlisted_at": enrolment.waitlisted_at,
            "decided_at": enrolment.decided_at,
            "reason": enrolment.reason,
        }
        for enrolment in Enrolment.objects.filter(user=person)
        .select_related("course", "edition")
        .order_by("requested_at", "pk")
    ]
    return [PersonalData("iscrizioni", rows)]


@hooks.register(ERASURE_HANDLERS)
def erase_course_data(person, pseudonym: str) -> None:
    """Enrolments stay (funders count who was enrolled) without their free text."""
    Enrolment.objects.filter(user=person).update(reason="")
    CalendarFeed.objects.filter(user=person).delete()
    SessionReminder.objects.filter(user=person).delete()
