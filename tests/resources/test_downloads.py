"""Downloads are counted per resource and month, and nothing says who downloaded."""

from datetime import date

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from resources.models import Resource, ResourceDownloadMonth, ResourceFile
from resources.services import resource_download_record
from tests.writes import no_database_writes
from website.core import counters


@pytest.fixture
def guide(make_resource):
    return make_resource(audience=Resource.Audience.PUBLIC, title="Guida")


def document_url(resource):
    return (
        ResourceFile.objects.select_related("document")
        .get(version=resource.current_version)
        .document.url
    )


def months(resource):
    return dict(
        ResourceDownloadMonth.objects.filter(resource=resource).values_list("month", "count")
    )


def test_each_download_counts_once_in_its_month(client, guide):
    url = document_url(guide)
    with time_machine.travel("2026-03-31 22:30 +01:00", tick=False):
        client.get(url)
        client.get(url)
    with time_machine.travel("2026-04-01 09:00 +02:00", tick=False):
        client.get(url)
    counters.flush()
    guide.refresh_from_db()
    assert guide.download_count == 3
    assert months(guide) == {date(2026, 3, 1): 2, date(2026, 4, 1): 1}


def test_revalidations_and_refusals_are_not_downloads(client, guide, make_resource):
    url = document_url(guide)
    client.get(url, headers={"if-none-match": '"abc"'})
    client.head(url)
    restricted = make_resource(audience=Resource.Audience.STAFF, title="Riservata")
    client.get(document_url(restricted))
    counters.flush()
    assert months(guide) == {}
    assert months(restricted) == {}
    assert Resource.objects.filter(download_count__gt=0).count() == 0


def test_the_count_keeps_no_trace_of_the_person():
    fields = {field.name for field in ResourceDownloadMonth._meta.get_fields()}
    assert fields == {"id", "resource", "month", "count"}


def test_staff_see_the_months_and_learners_see_the_total(client, guide, coach, learner):
    resource_download_record(resource_id=guide.pk, on=date(2026, 2, 10))
    resource_download_record(resource_id=guide.pk, on=date(2026, 2, 20))
    counters.flush()
    client.force_login(coach)
    page = client.get(guide.get_absolute_url()).content.decode()
    assert "Scaricamenti per mese" in page and "Febbraio 2026" in page.replace(
        "febbraio", "Febbraio"
    )
    client.force_login(learner)
    page = client.get(guide.get_absolute_url()).content.decode()
    assert "Scaricamenti per mese" not in page
    assert "<dd>2</dd>" in page


def test_the_library_sorts_by_downloads(client, make_resource, guide):
    other = make_resource(audience=Resource.Audience.PUBLIC, title="Altra")
    url = document_url(other)
    client.get(url)
    client.get(url)
    client.get(document_url(guide))
    counters.flush()
    response = client.get(reverse("resources:index"), {"ordina": "scaricati"})
    assert [r.title for r in response.context["page_obj"].object_list] == ["Altra", "Guida"]


def test_a_download_writes_nothing_until_the_flush_counts_it(client, guide):
    url = document_url(guide)
    client.get(url)  # per-process caches (Wagtail's document serving), once
    with no_database_writes():
        for _ in range(3):
            assert client.get(url).status_code == 200
    guide.refresh_from_db()
    assert guide.download_count == 0
    assert counters.flush() == 1
    guide.refresh_from_db()
    assert guide.download_count == 4
    assert sum(months(guide).values()) == 4
    assert counters.flush() == 0  # nothing left: nothing counted twice


def test_downloads_of_a_resource_deleted_before_the_flush_are_dropped(client, guide, make_resource):
    other = make_resource(audience=Resource.Audience.PUBLIC, title="Altra")
    client.get(document_url(guide))
    client.get(document_url(other))
    guide.delete()
    assert counters.flush() == 1
    other.refresh_from_db()
    assert other.download_count == 1 and months(other) == {timezone.localdate().replace(day=1): 1}
    assert counters.flush() == 0


def test_staff_are_told_when_the_counts_were_last_written(client, guide, coach):
    client.force_login(coach)
    page = client.get(guide.get_absolute_url()).content.decode()
    assert "Gli scaricamenti più recenti compaiono entro un minuto." in page
    with time_machine.travel("2026-02-15 12:34 +01:00", tick=False):
        counters.flush()
        page = " ".join(client.get(guide.get_absolute_url()).content.decode().split())
    assert "Conteggi aggiornati al 15 febbraio 2026, 12:34" in page
