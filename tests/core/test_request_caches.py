"""What pages no longer ask the database on each request is seen again the moment it changes.

The request's Wagtail site and its home page, the page a path names, the breadcrumb trail,
where view restrictions are (``website.core.sites``, ``HomePage.route``,
``core.navigation``) and each person's permissions (``website.accounts.backends``) are kept
in the cache; every test here warms that cache first, then changes the data and looks again.
"""

from datetime import date

import pytest
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page, PageViewRestriction

from tests.cms.factories import make_news, publish
from website.accounts.models import User
from website.accounts.roles import Role, role_group
from website.cms.models import HomePage, NewsIndexPage, NewsPage, StandardPage

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_page_copies(settings):
    """Anonymous pages are rendered each time: what is under test is what the render reads."""
    settings.PAGE_CACHE_SECONDS = 0
    settings.USER_CHROME_CACHE_SECONDS = 600


def status(client, url):
    return client.get(url).status_code


def test_a_page_answers_as_soon_as_it_is_published_and_stops_when_unpublished(client):
    news = make_news(title="Prima uscita")
    assert status(client, news.url) == 200
    assert status(client, news.url) == 200  # from the cached route
    news.unpublish()
    assert status(client, news.url) == 404
    news.save_revision().publish(skip_permission_checks=True)
    assert status(client, news.url) == 200


def test_a_new_slug_moves_the_page_at_once(client):
    news = make_news()
    old = news.url
    assert status(client, old) == 200
    news.slug = "nuovo-indirizzo"
    news.save_revision().publish(skip_permission_checks=True)
    assert status(client, old) == 404
    assert status(client, "/notizie/nuovo-indirizzo/") == 200


def test_a_moved_page_is_found_at_its_new_address_and_the_old_one_redirects(client):
    news = make_news()
    old = news.url
    assert status(client, old) == 200
    other = publish(HomePage.objects.get(), StandardPage(title="Archivio", slug="archivio"))
    news.move(other, pos="last-child")
    moved = client.get(old)  # Wagtail's redirects app keeps the old address
    assert moved.status_code == 301 and moved["Location"].endswith(f"/archivio/{news.slug}/")
    assert status(client, f"/archivio/{news.slug}/") == 200


def test_a_deleted_page_is_gone_at_once(client):
    news = make_news()
    assert status(client, news.url) == 200
    Page.objects.get(pk=news.pk).delete()
    assert status(client, news.url) == 404


def test_an_address_that_named_no_page_names_the_page_published_there(client):
    assert status(client, "/notizie/non-ancora/") == 404
    publish(
        NewsIndexPage.objects.get(),
        NewsPage(title="Arrivata", slug="non-ancora", date=date.today(), intro="Sommario."),
    )
    assert status(client, "/notizie/non-ancora/") == 200


def test_the_home_page_shows_its_new_title_once_published(client):
    home = HomePage.objects.get()
    client.get("/")
    home.title = "Aula: nuova intestazione"
    home.save_revision().publish(skip_permission_checks=True)
    assert "Aula: nuova intestazione" in client.get("/").content.decode()


def test_the_breadcrumbs_follow_a_section_renamed(client):
    news = make_news()
    assert "Notizie" in client.get(news.url).content.decode()
    index = NewsIndexPage.objects.get()
    index.title = "Novità dal territorio"
    index.save_revision().publish(skip_permission_checks=True)
    assert "Novità dal territorio" in client.get(news.url).content.decode()


def _restrict(page, kind=PageViewRestriction.LOGIN):
    return PageViewRestriction.objects.create(page=page, restriction_type=kind)


def test_a_section_made_private_asks_for_login_at_once_and_opens_again(client):
    news = make_news(title="Riservata domani")
    assert status(client, news.url) == 200
    assert "Riservata domani" in client.get("/notizie/").content.decode()
    restriction = _restrict(NewsIndexPage.objects.get())
    response = client.get(news.url)
    assert response.status_code == 302 and "login" in response["Location"]
    restriction.delete()
    assert status(client, news.url) == 200


def test_a_private_section_s_pages_leave_the_public_lists(client):
    news = make_news(title="Solo per il personale")
    assert "Solo per il personale" in client.get("/").content.decode()
    _restrict(Page.objects.get(pk=news.pk))
    assert "Solo per il personale" not in client.get("/").content.decode()


def test_a_public_page_costs_no_query_for_restrictions_and_a_private_one_reads_them(client):
    news = make_news()
    client.get(news.url)
    with CaptureQueriesContext(connection) as public:
        client.get(news.url)
    assert "wagtailcore_pageviewrestriction" not in str(public.captured_queries)
    _restrict(NewsIndexPage.objects.get())
    client.get(news.url)
    with CaptureQueriesContext(connection) as private:
        assert status(client, news.url) == 302
    assert "wagtailcore_pageviewrestriction" in str(private.captured_queries)


def test_an_alias_keeps_the_restriction_of_the_page_it_copies(client):
    news = make_news(title="Originale riservato")
    _restrict(Page.objects.get(pk=news.pk))
    archive = publish(HomePage.objects.get(), StandardPage(title="Copie", slug="copie"))
    assert status(client, "/copie/") == 200
    alias = NewsPage.objects.get(pk=news.pk).create_alias(parent=archive, update_slug="copia")
    response = client.get(f"/copie/{alias.slug}/")
    assert response.status_code == 302 and "login" in response["Location"]


def _fresh(user):
    """The person as the next request loads them."""
    return User.objects.get(pk=user.pk)


def test_a_permission_given_or_taken_through_a_group_counts_at_once(make_user):
    person = make_user()
    group = Group.objects.create(name="Revisori")
    permission = Permission.objects.get(codename="access_admin")
    assert not _fresh(person).has_perm("wagtailadmin.access_admin")
    person.groups.add(group)
    assert not _fresh(person).has_perm("wagtailadmin.access_admin")
    group.permissions.add(permission)
    assert _fresh(person).has_perm("wagtailadmin.access_admin")
    group.permissions.remove(permission)
    assert not _fresh(person).has_perm("wagtailadmin.access_admin")
    group.permissions.add(permission)
    assert _fresh(person).has_perm("wagtailadmin.access_admin")
    person.groups.remove(group)
    assert not _fresh(person).has_perm("wagtailadmin.access_admin")
    person.user_permissions.add(permission)
    assert _fresh(person).has_perm("wagtailadmin.access_admin")
    group.permissions.add(permission)
    group.user_set.add(person)
    person.user_permissions.remove(permission)
    group.delete()
    assert not _fresh(person).has_perm("wagtailadmin.access_admin")


def test_permissions_are_read_once_then_from_the_cache(make_user):
    person = make_user(role=Role.EDITOR)
    assert _fresh(person).has_perm("wagtailadmin.access_admin")
    fresh = _fresh(person)
    with CaptureQueriesContext(connection) as queries:
        assert fresh.has_perm("wagtailadmin.access_admin")
    assert queries.captured_queries == []


def test_the_header_drops_the_admin_link_when_the_role_loses_the_right(client, make_user):
    person = make_user(role=Role.EDITOR)
    client.force_login(person)
    assert "Amministrazione" in client.get("/corsi/").content.decode()
    role_group(Role.EDITOR).permissions.remove(Permission.objects.get(codename="access_admin"))
    assert "Amministrazione" not in client.get("/corsi/").content.decode()


def test_a_site_record_changed_is_seen_at_once(client):
    from wagtail.models import Site

    client.get("/")
    site = Site.objects.get()
    other = publish(HomePage.objects.get(), StandardPage(title="Nuova radice", slug="radice"))
    site.root_page = other
    site.save()
    # The old home page's children are no longer under the site's root.
    assert status(client, "/notizie/") == 404


def test_a_saved_draft_keeps_the_cached_pages_and_publishing_it_moves_them():
    from website.core.generations import content_generation

    news = make_news(title="Notizia pubblicata")
    before = content_generation()

    news.title = "Bozza non ancora pubblicata"
    revision = news.save_revision()
    assert content_generation() == before  # readers still see the published page

    revision.publish()
    assert content_generation() > before


# --- Wagtail's page and collection permissions (website.accounts.wagtail_permissions) -------


def _may_edit(person, page) -> bool:
    from wagtail.permission_policies.pages import PagePermissionPolicy

    return PagePermissionPolicy().user_has_permission_for_instance(_fresh(person), "change", page)


def _image_policy():
    from wagtail.images import get_image_model
    from wagtail.permissions import policy_registry

    return policy_registry.get_by_type(get_image_model())


def _may_add_images(person) -> bool:
    return _image_policy().user_has_permission(_fresh(person), "add")


def test_wagtail_keeps_its_answers_where_the_user_model_caches_them():
    from wagtail.permission_policies.collections import CollectionPermissionLookupMixin
    from wagtail.permission_policies.pages import PagePermissionPolicy

    names = {
        PagePermissionPolicy.permission_cache_name,
        PagePermissionPolicy._explorable_root_instance_cache_name,
        CollectionPermissionLookupMixin.permission_cache_name,
    }
    from website.accounts.wagtail_permissions import WagtailPermissionCache

    assert all(isinstance(User.__dict__.get(name), WagtailPermissionCache) for name in names)


def test_wagtail_permissions_are_read_once_then_from_the_cache(make_user):
    from wagtail.admin.auth import user_has_any_page_permission
    from wagtail.permission_policies.pages import PagePermissionPolicy

    person = make_user(role=Role.EDITOR)
    assert user_has_any_page_permission(_fresh(person))
    assert PagePermissionPolicy().explorable_root_instance(_fresh(person)) is not None
    assert _may_add_images(person)
    fresh = _fresh(person)
    with CaptureQueriesContext(connection) as queries:
        assert user_has_any_page_permission(fresh)
        assert PagePermissionPolicy().explorable_root_instance(fresh) is not None
        assert _image_policy().user_has_permission(fresh, "add")
    assert queries.captured_queries == []


def test_a_page_permission_given_or_taken_counts_at_once(make_user):
    from wagtail.models import GroupPagePermission

    news = make_news()
    person = make_user()
    group = Group.objects.create(name="Revisori delle notizie")
    person.groups.add(group)
    assert not _may_edit(person, news)
    grant = GroupPagePermission.objects.create(
        group=group,
        page=news.get_parent(),
        permission=Permission.objects.get(
            content_type__app_label="wagtailcore", codename="change_page"
        ),
    )
    assert _may_edit(person, news)
    grant.delete()
    assert not _may_edit(person, news)
    GroupPagePermission.objects.create(
        group=group,
        page=news.get_parent(),
        permission=Permission.objects.get(
            content_type__app_label="wagtailcore", codename="change_page"
        ),
    )
    assert _may_edit(person, news)
    person.groups.remove(group)
    assert not _may_edit(person, news)


def test_a_page_permission_follows_its_section_when_moved(make_user):
    from wagtail.models import GroupPagePermission

    home = HomePage.objects.get()
    section = publish(home, StandardPage(title="Sezione", slug="sezione"))
    archive = publish(home, StandardPage(title="Archivio", slug="archivio"))
    person = make_user()
    group = Group.objects.create(name="Redazione della sezione")
    person.groups.add(group)
    GroupPagePermission.objects.create(
        group=group,
        page=section,
        permission=Permission.objects.get(
            content_type__app_label="wagtailcore", codename="change_page"
        ),
    )
    assert _may_edit(person, section)
    Page.objects.get(pk=section.pk).move(archive, pos="last-child")
    child = publish(
        StandardPage.objects.get(pk=section.pk), StandardPage(title="Dentro", slug="dentro")
    )
    assert _may_edit(person, child)  # the section's new place in the tree, not the cached one


def test_a_collection_permission_given_or_taken_counts_at_once(make_user):
    from wagtail.models import Collection, GroupCollectionPermission

    person = make_user()
    group = Group.objects.create(name="Fotografi")
    person.groups.add(group)
    assert not _may_add_images(person)
    grant = GroupCollectionPermission.objects.create(
        group=group,
        collection=Collection.get_first_root_node(),
        permission=Permission.objects.get(
            content_type__app_label="wagtailimages", codename="add_image"
        ),
    )
    assert _may_add_images(person)
    grant.delete()
    assert not _may_add_images(person)
