"""The audit log is read by whoever holds ``audit.view_auditentry`` and edited by no one."""

from collections.abc import Iterable
from typing import Any

from django.db.models import QuerySet
from wagtail.permission_policies import ModelPermissionPolicy

from .models import AuditEntry


def can_read_audit_log(user: Any) -> bool:
    return bool(user.is_authenticated and user.has_perm("audit.view_auditentry"))


class ReadOnlyPolicy(ModelPermissionPolicy):
    """Only ``view``: a superuser too is refused adding, editing and deleting entries."""

    def __init__(self) -> None:
        super().__init__(AuditEntry)

    def user_has_permission(self, user: Any, action: str) -> bool:
        return action == "view" and can_read_audit_log(user)

    def user_has_any_permission(self, user: Any, actions: Iterable[str]) -> bool:
        return "view" in actions and can_read_audit_log(user)

    def users_with_any_permission(self, actions: Iterable[str]) -> QuerySet:
        found: QuerySet = super().users_with_any_permission(["view"])
        return found if "view" in actions else found.none()
