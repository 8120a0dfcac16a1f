"""Wagtail's user bar on the site's pages reads the staff member's admin profile once."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from wagtail.users.models import UserProfile

pytestmark = pytest.mark.django_db

PROFILE_READ = 'FROM "wagtailusers_userprofile"'


def test_the_user_bar_reads_the_admin_profile_once(client, training_manager):
    """The signed-in person comes with their Wagtail profile joined (accounts.backends): the
    user bar's own lookup is the only read left, where it was two (Wagtail reads the profile
    for the language, then again through ``user.wagtail_userprofile`` for the theme)."""
    UserProfile.get_for_user(training_manager)
    client.force_login(training_manager)
    url = reverse("records:overview", args=[2026])
    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert b"wagtail-userbar" in response.content
    reads = [query["sql"] for query in captured if PROFILE_READ in query["sql"]]
    assert len(reads) == 1, reads
