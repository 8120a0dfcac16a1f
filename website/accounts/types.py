"""The types of the people who use the platform, for annotations.

``User`` is the user model (``settings.AUTH_USER_MODEL``); ``AnyUser`` is whoever makes
a request: a signed-in person or an anonymous visitor (``request.user``). Permission
functions take ``AnyUser`` and check ``is_authenticated`` first, which narrows it to
``User`` for mypy.
"""

from collections.abc import Mapping

from django.contrib.auth.models import AnonymousUser
from django.db.models import Model, QuerySet

from .models import User

AnyUser = User | AnonymousUser

# A ``.values("…_id")`` queryset used as a subquery (``pk__in=…``): one column of ids.
IdSubquery = QuerySet[Model, Mapping[str, object]]


__all__ = ["AnyUser", "IdSubquery", "User"]
