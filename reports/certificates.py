"""Certificates counted without importing the certificates app: whatever the functions
registered for ``reports.hooks.CERTIFICATE_HOLDERS`` return. Reports ask, per confirmed
place, whether one exists for its person and edition, inside their own query.
"""

from django.db.models import BooleanField, Exists, ExpressionWrapper, OuterRef, Q, QuerySet, Value
from wagtail import hooks

from .hooks import CERTIFICATE_HOLDERS


def holder_querysets() -> list[QuerySet]:
    return [holders() for holders in hooks.get_hooks(CERTIFICATE_HOLDERS)]


def certificate_exists(
    user: str = "user_id", edition: str = "edition_id"
) -> Value | ExpressionWrapper:
    """An expression: is there an issued certificate for the person and edition at these refs?"""
    querysets = holder_querysets()
    if not querysets:
        return Value(False, output_field=BooleanField())
    exists = [
        Exists(holders.filter(user_id=OuterRef(user), edition_id=OuterRef(edition)))
        for holders in querysets
    ]
    return ExpressionWrapper(Q(*exists, _connector=Q.OR), output_field=BooleanField())
