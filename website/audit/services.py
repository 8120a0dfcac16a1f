"""The one way anything writes to the audit log."""

from typing import TYPE_CHECKING, Any

from django.contrib.auth import get_user_model
from django.utils.translation import gettext as _

from .models import AuditEntry

if TYPE_CHECKING:
    from website.accounts.models import User

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
        actor=actor, action=action, target=target_label(target), detail=detail or {}
    )


def target_label(target: object) -> str:
    """A person by number only: the log outlives an erased account without keeping its name."""
    if isinstance(target, get_user_model()):
        return f"{_('persona')} #{target.pk}"
    return str(target)[:300]
