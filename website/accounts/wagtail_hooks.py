from wagtail import hooks

from .bulk_actions import (
    KeepingHistoryDeleteBulkAction,
    LimitedAssignRoleBulkAction,
    LimitedSetActiveStateBulkAction,
)
from .viewsets import OrganisationViewSetGroup


@hooks.register("register_admin_viewset")
def register_organisation_viewsets():
    return OrganisationViewSetGroup()


# A later order than Wagtail's own registration, so these replace its actions.
hooks.register("register_bulk_action", LimitedAssignRoleBulkAction, order=100)
hooks.register("register_bulk_action", LimitedSetActiveStateBulkAction, order=100)
hooks.register("register_bulk_action", KeepingHistoryDeleteBulkAction, order=100)
