"""The platform's roles. A role is a Django group; its name is shown in the admin.

Which cluster someone leads, which centre someone manages and which edition
someone teaches are relations on those objects, so object permissions never
depend on group membership alone.
"""

from enum import StrEnum


class Role(StrEnum):
    OPERATOR = "Operatori"
    CENTRE_MANAGER = "Dirigenti di CPI"
    CLUSTER_LEAD = "Responsabili di cluster"
    TEACHER = "Docenti"
    COACH = "Coach"
    EDITOR = "Redattori"
    # Approves what editors submit (Wagtail's "Moderators", renamed by a web channel migration).
    EDITOR_IN_CHIEF = "Caporedattori"
    TRAINING_MANAGER = "Gestori della formazione"


# Roles whose members may enter the Wagtail admin.
ADMIN_ROLES = (Role.EDITOR, Role.EDITOR_IN_CHIEF, Role.TRAINING_MANAGER)
# Roles counted as staff for audiences such as "staff only" materials.
STAFF_ROLES = (Role.TEACHER, Role.COACH, Role.TRAINING_MANAGER)


def role_names(user) -> frozenset[str]:
    """The names of the user's role groups, read once per user object."""
    if not user.is_authenticated:
        return frozenset()
    cached = getattr(user, "_aula_role_names", None)
    if cached is None:
        cached = frozenset(user.groups.values_list("name", flat=True))
        user._aula_role_names = cached
    return cached


def has_role(user, *roles: Role) -> bool:
    """True when the user holds any of the roles (a superuser holds them all)."""
    if not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    return bool(role_names(user) & {str(role) for role in roles})


def is_training_manager(user) -> bool:
    return has_role(user, Role.TRAINING_MANAGER)


def is_staff_member(user) -> bool:
    return has_role(user, *STAFF_ROLES)
