"""A restricted resource and a missing one answer alike to whoever may not see it.

Before, a missing resource, preview or document answered 404 to an anonymous
visitor while a restricted one sent them to the login page: anyone could
confirm which names and document numbers exist.
"""

import pytest
from django.urls import reverse

from resources.models import Resource, ResourceFile
from website.accounts.roles import Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def pairs(make_resource):
    """(restricted, missing) addresses of each kind the resources serve."""
    restricted = make_resource(audience=Resource.Audience.STAFF, title="Riservato allo staff")
    resource_file = ResourceFile.objects.select_related("document").get(
        version=restricted.current_version
    )
    document = resource_file.document
    assert resource_file.preview

    def preview(slug, file_id):
        return reverse("resources:preview", kwargs={"slug": slug, "file_id": file_id})

    return {
        "page": [restricted.get_absolute_url(), "/risorse/non-esiste/"],
        "preview": [
            preview(restricted.slug, resource_file.pk),
            preview(restricted.slug, resource_file.pk + 1000),
            preview("non-esiste", resource_file.pk + 1000),
        ],
        "document": [
            document.url,
            f"/documents/{document.pk + 1000}/{document.filename}",
            f"/documents/{document.pk}/altro-nome.pdf",
        ],
    }


@pytest.mark.parametrize("kind", ["page", "preview", "document"])
def test_anonymous_visitors_go_to_the_login_page_whether_or_not_it_exists(client, pairs, kind):
    for url in pairs[kind]:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"] == f"{reverse('account_login')}?next={url}"


@pytest.mark.parametrize("kind", ["page", "preview", "document"])
def test_signed_in_people_who_may_not_see_it_get_404_whether_or_not_it_exists(
    client, pairs, kind, make_user, org
):
    client.force_login(make_user(role=Role.OPERATOR, centre=org["pa1"]))
    for url in pairs[kind]:
        response = client.get(url)
        assert response.status_code == 404, url
        assert not getattr(response, "streaming", False)


def test_those_who_may_see_it_still_do(client, pairs, training_manager):
    client.force_login(training_manager)
    for kind in ("page", "preview", "document"):
        assert client.get(pairs[kind][0]).status_code == 200, kind
