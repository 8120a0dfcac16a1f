"""The platform's roles. A role is a Django group tied to a stable code.

The group's name is only what the admin shows: renaming a group changes no
power. What a role may do are the permissions its group holds (capabilities
such as ``reports.view_all``, granted by data migrations); which cluster
someone leads, which centre someone manages and which edition someone
teaches are relations (``website.accounts.relations``,
``courses.relations``), so object permissions never depend on a group alone.
"""

from django.contrib.auth.models import Group
from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    OPERATOR = "operator", _("Operatori")
    CENTRE_MANAGER = "centre_manager", _("Dirigenti di CPI")
    CLUSTER_LEAD = "cluster_lead", _("Responsabili di cluster")
    TEACHER = "teacher", _("Docenti")
    COACH = "coach", _("Coach")
    EDITOR = "editor", _("Redattori")
    # Approves what editors submit (Wagtail's "Moderators", renamed by a web channel migration).
    EDITOR_IN_CHIEF = "editor_in_chief", _("Caporedattori")
    TRAINING_MANAGER = "training_manager", _("Gestori della formazione")


def role_group(role: Role) -> Group:
    """The group that stands for ``role``, whatever it is called today."""
    return Group.objects.get(role__code=role)


def role_codes(user) -> frozenset[str]:
    """The codes of the user's roles, read once per user object."""
    if not user.is_authenticated:
        return frozenset()
    cached = getattr(user, "_aula_role_codes", None)
    if cached is None:
        cached = frozenset(
            user.groups.filter(role__isnull=False).values_list("role__code", flat=True)
        )
        user._aula_role_codes = cached
    return cached


def has_role(user, *roles: Role) -> bool:
    """True when the user holds any of the roles (a superuser holds them all).

    For labels and lists only: what someone may do is a permission (``user.has_perm``).
    """
    if not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    return bool(role_codes(user) & {str(role) for role in roles})
