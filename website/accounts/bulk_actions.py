"""Wagtail's bulk actions on users, held to the same rule as the user form.

Bulk "assign role" offers only the roles the acting user may give, and both
it and "set active state" skip the accounts the acting user may not manage
(see ``website.accounts.permissions``). They replace Wagtail's own actions of
the same type (registered later, see ``wagtail_hooks``).
"""

from typing import TYPE_CHECKING

from wagtail.users.views.bulk_actions.assign_role import AssignRoleBulkAction
from wagtail.users.views.bulk_actions.delete import DeleteBulkAction
from wagtail.users.views.bulk_actions.set_active_state import SetActiveStateBulkAction

from website.core.deletion import deletion_blockers

from . import services
from .permissions import assignable_groups, can_manage_account

if TYPE_CHECKING:
    # The mixin goes before Wagtail's bulk actions: type-check it as one.
    from wagtail.admin.views.bulk_action import BulkAction as _MixinBase
else:
    _MixinBase = object


class ManagedAccountsOnly(_MixinBase):
    def check_perm(self, obj):
        return super().check_perm(obj) and can_manage_account(self.request.user, obj)


class LimitedAssignRoleBulkAction(ManagedAccountsOnly, AssignRoleBulkAction):
    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        form.fields["role"].queryset = assignable_groups(self.request.user)
        return form

    def get_execution_context(self):
        return {**super().get_execution_context(), "by": self.request.user}

    @classmethod
    def execute_action(cls, objects, role=None, by=None, **kwargs):
        before = {
            person.pk: set(person.groups.values_list("name", flat=True)) for person in objects
        }
        result = super().execute_action(objects, role=role, **kwargs)
        for person in objects:
            after = set(person.groups.values_list("name", flat=True))
            if after != before[person.pk]:
                services.record_role_change(
                    person=person, by=by, before=before[person.pk], after=after
                )
        return result


class LimitedSetActiveStateBulkAction(ManagedAccountsOnly, SetActiveStateBulkAction):
    pass


class KeepingHistoryDeleteBulkAction(DeleteBulkAction):
    """People with kept records (attendance, certificates, moderation) are listed as not
    deletable instead of failing the whole deletion."""

    def check_perm(self, obj):
        return super().check_perm(obj) and not deletion_blockers(obj)
