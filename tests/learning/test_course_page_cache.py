"""The course page keeps its course and its outline of activities in the cache: an edit is
seen on the next request (website.core.generations; CoursesConfig and LearningConfig)."""

import pytest

from learning.models import Activity

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _cached_for_long(settings):
    settings.USER_CHROME_CACHE_SECONDS = 600


def page(client, course):
    response = client.get(course.get_absolute_url())
    assert response.status_code == 200
    return response.text


def test_an_activity_added_renamed_or_removed_shows_at_once(
    client, course, online, learner, make_activity
):
    client.force_login(learner)
    assert "Leggi il decreto" in page(client, course)
    added = make_activity(online["after"], title="Compila il questionario finale")
    assert "Compila il questionario finale" in page(client, course)
    added.title = "Compila il questionario di fine corso"
    added.save()
    assert "Compila il questionario di fine corso" in page(client, course)
    Activity.objects.filter(pk=added.pk).delete()
    assert "Compila il questionario di fine corso" not in page(client, course)
    online["after"].title = "Dopo le giornate in aula"
    online["after"].save()
    assert "Dopo le giornate in aula" in page(client, course)


def test_the_course_programme_and_region_renamed_show_at_once(client, course, online, learner):
    client.force_login(learner)
    assert "Trasparenza e accesso agli atti" in page(client, course)
    course.title = "Trasparenza amministrativa"
    course.save()
    assert "Trasparenza amministrativa" in page(client, course)
    region = course.programme.region
    region.name = "Regione rinominata"
    region.save()
    assert "Regione rinominata" in page(client, course)
    course.programme.is_published = False
    course.programme.save()
    assert client.get(course.get_absolute_url()).status_code in (403, 404)
