"""Who may change whose account in the admin: the one rule for the user admin.

Training managers keep the staff's accounts (names, centres, roles) but never
hand out admin rights: only superusers make administrators, give a role that
opens the admin (editor, training manager) or touch the account of someone who
holds one. Admin rights are read from the groups' permissions, not from their
names, so a group added later is covered too.

Affiliation requests are decided by the requested centre's managers and by
training managers, never by the person who asked.
"""

from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet

from .models import AffiliationRequest
from .relations import managed_centres, manages_any_centre
from .types import AnyUser, User

ADMIN_ACCESS = Q(permissions__content_type__app_label="wagtailadmin") & Q(
    permissions__codename="access_admin"
)


def signed_in(user: AnyUser) -> User:
    """``user`` as a signed-in person; PermissionDenied for an anonymous visitor.

    For the pages only signed-in people reach (the admin, ``login_required`` views), whose
    own check has run already: it gives the acting person their type and refuses a
    visitor should a page ever be wired without its check.
    """
    if not user.is_authenticated:
        raise PermissionDenied
    return user


def admin_groups() -> QuerySet[Group]:
    """The groups whose members reach the Wagtail admin."""
    return Group.objects.filter(ADMIN_ACCESS)


def assignable_groups(acting_user: User) -> QuerySet[Group]:
    """The groups that ``acting_user`` may give or take away in the user admin."""
    if acting_user.is_superuser:
        return Group.objects.all()
    return Group.objects.exclude(pk__in=admin_groups().values("pk"))


def holds_admin_rights(account: User) -> bool:
    return account.is_superuser or account.groups.filter(ADMIN_ACCESS).exists()


def can_manage_account(acting_user: User, account: User) -> bool:
    """Whether ``acting_user`` may edit ``account`` in the user admin (own account included)."""
    if acting_user.is_superuser or acting_user.pk == account.pk:
        return True
    return not holds_admin_rights(account)


# --- Affiliation requests ----------------------------------------------------


def _decides_every_affiliation(user: AnyUser) -> bool:
    return user.has_perm("accounts.grant_affiliation")


def decidable_affiliation_requests(user: AnyUser) -> QuerySet[AffiliationRequest]:
    """The requests ``user`` may decide, in any state: those for the centres they manage
    (every centre for training managers), never their own."""
    if not (user.is_authenticated and user.is_active):
        return AffiliationRequest.objects.none()
    requests = AffiliationRequest.objects.exclude(person=user).exclude(centre=None)
    if _decides_every_affiliation(user):
        return requests
    return requests.filter(centre__in=managed_centres(user))


def can_decide_affiliations(user: AnyUser) -> bool:
    """Whether ``user`` has a page of requests to decide: centre managers, training managers."""
    if not (user.is_authenticated and user.is_active):
        return False
    return _decides_every_affiliation(user) or manages_any_centre(user)


def can_assign_centre(user: AnyUser) -> bool:
    """Setting someone's centre directly (the user admin) grants the affiliation."""
    return _decides_every_affiliation(user)
