from wagtail import hooks

from .admin_views import PendingRequestsPanel
from .permissions import can_decide_enrolments
from .viewsets import TrainingViewSetGroup


@hooks.register("register_admin_viewset")
def register_training_viewsets():
    return TrainingViewSetGroup()


@hooks.register("construct_homepage_panels")
def add_pending_requests_panel(request, panels):
    if can_decide_enrolments(request.user):
        panels.append(PendingRequestsPanel())
