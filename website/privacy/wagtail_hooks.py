"""The account's own data: the profile, the affiliations' history, the institutional logins."""

from allauth.socialaccount.models import SocialAccount
from wagtail import hooks

from website.accounts.models import AffiliationRequest, User

from .hooks import PERSONAL_DATA_SOURCES, PersonalData


@hooks.register(PERSONAL_DATA_SOURCES)
def account_data(person: User) -> list[PersonalData]:
    profile = {
        "id": person.pk,
        "email": person.email,
        "first_name": person.first_name,
        "last_name": person.last_name,
        "fiscal_code": person.fiscal_code,
        "job_title": person.job_title,
        "language": person.language,
        "centre": person.centre.name if person.centre else "",
        "date_joined": person.date_joined,
        "last_login": person.last_login,
        "roles": sorted(person.groups.values_list("name", flat=True)),
    }
    affiliations = [
        {
            "requested_at": request.created_at,
            "centre": request.centre.name if request.centre else "",
            "previous_centre": request.previous_centre.name if request.previous_centre else "",
            "status": request.status,
            "decided_at": request.decided_at,
            "decided_how": request.decided_how,
            "reason": request.reason,
        }
        for request in AffiliationRequest.objects.filter(person=person)
        .select_related("centre", "previous_centre")
        .order_by("created_at", "pk")
    ]
    institutional_logins = [
        {
            "provider": account.provider,
            "uid": account.uid,
            "first_login": account.date_joined,
            "last_login": account.last_login,
            "attributes": account.extra_data,
        }
        for account in SocialAccount.objects.filter(user=person).order_by("pk")
    ]
    return [
        PersonalData("profilo", [profile]),
        PersonalData("appartenenze", affiliations),
        PersonalData("accessi_istituzionali", institutional_logins),
    ]
