"""The one way anything writes to the audit log."""

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from website.accounts.models import User

from .models import AuditEntry

Action = AuditEntry.Action


def audit_record(
    *, actor: "User | None", action: str, target: object, detail: dict[str, Any] | None = None
) -> AuditEntry:
    """Append who did ``action`` on ``target`` (an object or a description) and when.

    ``actor`` None is the platform itself (a retention job, a task without a person).
    """
    if actor is not None and not getattr(actor, "is_authenticated", True):
        actor = None
    return AuditEntry.objects.create(
        actor=actor, action=action, target=str(target)[:300], detail=detail or {}
    )
