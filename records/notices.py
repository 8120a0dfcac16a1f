"""What the yearly record tells people: an email and a notice each (``notices.tell``)."""

from django.urls import reverse

from website.accounts.models import User
from website.core.links import absolute_url
from website.notifications.notices import tell

from .models import ExternalTraining


def _deciders(declaration: ExternalTraining):
    person = declaration.user
    if person.centre is None:
        return User.objects.none()
    return person.centre.managers.filter(is_active=True).exclude(pk=person.pk)


def declaration_to_decide(declaration: ExternalTraining) -> None:
    """Tell the managers of the person's centre that a declaration waits for them."""
    url = reverse("records:approvals")
    for manager in _deciders(declaration):
        tell(
            manager,
            "records/emails/declaration_to_decide",
            {"declaration": declaration, "person": declaration.user, "url": absolute_url(url)},
            kind="records-declaration-to-decide",
            url=url,
        )


def declaration_decided(declaration: ExternalTraining) -> None:
    url = reverse("records:declaration", args=[declaration.pk])
    tell(
        declaration.user,
        "records/emails/declaration_decided",
        {"declaration": declaration, "url": absolute_url(url)},
        kind="records-declaration-decided",
        url=url,
    )


def behind_pace(person: User, record) -> None:
    url = reverse("reports:training_record", args=[person.pk])
    tell(
        person,
        "records/emails/behind_pace",
        {"person": person, "record": record, "url": absolute_url(url)},
        kind="records-behind-pace",
        url=url,
    )


def staff_behind_pace(manager: User, centre, rows) -> None:
    url = reverse("records:centre", args=[centre.code, rows[0].record.year])
    tell(
        manager,
        "records/emails/staff_behind_pace",
        {"manager": manager, "centre": centre, "rows": rows, "url": absolute_url(url)},
        kind="records-staff-behind-pace",
        url=url,
    )
