from django.urls import reverse
from wagtail import hooks
from wagtail.admin.ui.components import Component

from .bulk_actions import (
    KeepingHistoryDeleteBulkAction,
    LimitedAssignRoleBulkAction,
    LimitedSetActiveStateBulkAction,
)
from .permissions import can_decide_affiliations
from .selectors import pending_affiliation_requests
from .viewsets import OrganisationViewSetGroup


@hooks.register("register_admin_viewset")
def register_organisation_viewsets():
    return OrganisationViewSetGroup()


# A later order than Wagtail's own registration, so these replace its actions.
hooks.register("register_bulk_action", LimitedAssignRoleBulkAction, order=100)
hooks.register("register_bulk_action", LimitedSetActiveStateBulkAction, order=100)
hooks.register("register_bulk_action", KeepingHistoryDeleteBulkAction, order=100)


class PendingAffiliationsPanel(Component):
    """On the admin's home page: people waiting for someone to confirm their centre."""

    name = "accounts_pending_affiliations"
    template_name = "accounts/admin/home_pending_affiliations.html"
    order = 95

    def __init__(self, user):
        self.user = user

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        context["pending"] = list(pending_affiliation_requests(self.user)[:10])
        context["all_url"] = reverse("accounts:affiliation_requests")
        return context


@hooks.register("construct_homepage_panels")
def add_pending_affiliations_panel(request, panels):
    if can_decide_affiliations(request.user):
        panels.append(PendingAffiliationsPanel(request.user))
