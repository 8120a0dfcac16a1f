"""Who sees and decides what in the yearly record. Anything else answers 404.

- a person sees their own year, declares external training, issues their statement;
- the managers of a person's confirmed centre see that person's year and decide their
  declarations; training managers (``records.view_all``) see and decide everyone's;
  nobody decides their own declaration;
- cluster leads and coaches see the yearly hours of their clusters' centres;
- training managers set the targets (the admin's model permissions on the targets) and,
  as the events' organisers, confirm attendance (``records.confirm_event_attendance``).
"""

from django.db.models import Q, QuerySet

from website.accounts.models import EmploymentCentre, User
from website.accounts.relations import (
    coached_cluster_ids,
    led_cluster_ids,
    managed_centres,
    manages_person,
)
from website.accounts.types import AnyUser

from .models import ExternalTraining


def sees_everyone(user: AnyUser) -> bool:
    return user.is_authenticated and user.has_perm("records.view_all")


def can_confirm_event_attendance(user: AnyUser) -> bool:
    return user.is_authenticated and user.has_perm("records.confirm_event_attendance")


def can_view_year(user: AnyUser, person: User) -> bool:
    """A person's yearly record: the person, their centre's managers, training managers."""
    if not user.is_authenticated:
        return False
    return user.pk == person.pk or sees_everyone(user) or manages_person(user, person)


def can_view_declaration(user: AnyUser, declaration: ExternalTraining) -> bool:
    return can_view_year(user, declaration.user)


def can_change_declaration(user: AnyUser, declaration: ExternalTraining) -> bool:
    """Only its author, while it waits for a decision or was sent back."""
    return (
        user.is_authenticated
        and declaration.user_id == user.pk
        and declaration.status
        in (
            ExternalTraining.Status.PENDING,
            ExternalTraining.Status.RETURNED,
        )
    )


def can_decide_for(user: AnyUser, person: User) -> bool:
    """Approving or sending back a person's declarations: never one's own."""
    if not user.is_authenticated or user.pk == person.pk:
        return False
    return sees_everyone(user) or manages_person(user, person)


def can_decide(user: AnyUser, declaration: ExternalTraining) -> bool:
    return can_decide_for(user, declaration.user)


def deciding_scope(user: AnyUser) -> QuerySet[User]:
    """The people whose declarations the user decides (themselves excluded)."""
    if not user.is_authenticated:
        return User.objects.none()
    people = (
        User.objects.all()
        if sees_everyone(user)
        else User.objects.filter(centre__in=managed_centres(user))
    )
    return people.exclude(pk=user.pk)


def staff_centres(user: AnyUser) -> QuerySet[EmploymentCentre]:
    """The centres whose staff list (person by person) the user sees: managed ones, or all."""
    if sees_everyone(user):
        return EmploymentCentre.objects.all()
    return managed_centres(user)


def overview_centres(user: AnyUser) -> QuerySet[EmploymentCentre]:
    """The centres whose figures the user sees: managed, led or coached clusters', or all."""
    if sees_everyone(user):
        return EmploymentCentre.objects.all()
    if not user.is_authenticated:
        return EmploymentCentre.objects.none()
    return EmploymentCentre.objects.filter(
        Q(cluster__in=led_cluster_ids(user))
        | Q(cluster__in=coached_cluster_ids(user))
        | Q(managers=user)
    ).distinct()
