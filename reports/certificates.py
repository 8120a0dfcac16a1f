"""Certificates counted without importing the certificates app (``aula_certificate_holders``).

The certificates app registers, in its wagtail_hooks.py::

    @hooks.register("aula_certificate_holders")
    def issued_certificates():
        return Certificate.objects.valid()  # rows with user_id and edition_id columns

Each function takes no argument and returns a QuerySet of the certificates that
count as issued (valid, not revoked). Reports ask, per confirmed place, whether
one exists for its person and edition, inside their own query; with no
function registered every certificate count is zero.
"""

from django.db.models import BooleanField, Exists, ExpressionWrapper, OuterRef, Q, Value
from wagtail import hooks

CERTIFICATE_HOLDERS = "aula_certificate_holders"


def holder_querysets():
    return [holders() for holders in hooks.get_hooks(CERTIFICATE_HOLDERS)]


def certificate_exists(user="user_id", edition="edition_id"):
    """An expression: is there an issued certificate for the person and edition at these refs?"""
    querysets = holder_querysets()
    if not querysets:
        return Value(False, output_field=BooleanField())
    exists = [
        Exists(holders.filter(user_id=OuterRef(user), edition_id=OuterRef(edition)))
        for holders in querysets
    ]
    return ExpressionWrapper(Q(*exists, _connector=Q.OR), output_field=BooleanField())
