"""Registering for an event: signed-in people only, one place each, a clear message when full."""

from datetime import timedelta

import pytest
from bs4 import BeautifulSoup
from django.utils import timezone

from website.cms import services
from website.cms.models import EventRegistration
from website.core.exceptions import Refused

from .factories import make_event

pytestmark = pytest.mark.django_db


def register(client, event):
    return client.post(f"{event.url}iscrizione/", follow=True)


def text_of(response):
    return " ".join(BeautifulSoup(response.content, "html.parser").get_text(" ").split())


def test_anonymous_visitors_are_sent_to_log_in(client):
    event = make_event()
    response = client.post(f"{event.url}iscrizione/")
    assert response.status_code == 302 and response["Location"].startswith("/account/login/")
    assert not EventRegistration.objects.exists()


def test_a_person_registers_once_and_sees_the_places_left(client, operator):
    event = make_event(capacity=3)
    client.force_login(operator)
    response = register(client, event)
    assert "Iscrizione confermata" in text_of(response)
    assert "Restano 2 posti su 3." in text_of(response)
    assert "Sei iscritto a questo evento." in text_of(response)
    again = register(client, event)
    assert "Sei già iscritto a questo evento." in text_of(again)
    assert EventRegistration.objects.filter(event=event, user=operator).count() == 1


def test_a_full_event_says_so_and_takes_no_one_else(client, make_user):
    event = make_event(capacity=1)
    first, second = make_user(), make_user()
    services.event_registration_create(event=event, user=first)
    client.force_login(second)
    assert "I posti per questo evento sono esauriti." in text_of(client.get(event.url))
    response = register(client, event)
    assert "I posti per questo evento sono esauriti." in text_of(response)
    assert list(EventRegistration.objects.values_list("user", flat=True)) == [first.pk]


def test_registration_closes_when_the_event_starts_or_when_editors_close_it(client, operator):
    today = make_event(days_from_now=0)
    client.force_login(operator)
    assert "l'evento è già iniziato" in text_of(register(client, today))
    closed = make_event(registration_open=False)
    assert "Le iscrizioni a questo evento sono chiuse." in text_of(register(client, closed))
    without = make_event(capacity=None)
    assert "non ci si iscrive sul portale" in text_of(register(client, without))
    assert not EventRegistration.objects.exists()


def test_a_person_gives_back_the_place(client, operator):
    event = make_event(capacity=1)
    client.force_login(operator)
    register(client, event)
    response = client.post(f"{event.url}annulla-iscrizione/", follow=True)
    assert "Iscrizione annullata" in text_of(response)
    assert not EventRegistration.objects.exists()
    assert "Non risultavi iscritto" in text_of(
        client.post(f"{event.url}annulla-iscrizione/", follow=True)
    )


def test_the_participant_count_is_shown_after_the_event(client, make_user):
    event = make_event(capacity=10)
    for _ in range(3):
        services.event_registration_create(event=event, user=make_user())
    event.date = timezone.localdate() - timedelta(days=1)
    event.save_revision().publish(skip_permission_checks=True)
    assert "All'evento hanno partecipato 3 persone." in text_of(client.get(event.url))
    event.reported_participants = 118
    event.save_revision().publish(skip_permission_checks=True)
    assert "All'evento hanno partecipato 118 persone." in text_of(client.get(event.url))


def test_only_posts_change_registrations(client, operator):
    event = make_event()
    client.force_login(operator)
    assert client.get(f"{event.url}iscrizione/").status_code == 405
    assert not EventRegistration.objects.exists()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_requests_never_overfill_an_event(make_user):
    import threading

    from django.db import connections

    event = make_event(capacity=3)
    people = [make_user() for _ in range(8)]
    barrier = threading.Barrier(len(people))

    def take_place(person):
        barrier.wait()
        try:
            services.event_registration_create(event=event, user=person)
        except Refused:
            pass
        finally:
            connections.close_all()

    threads = [threading.Thread(target=take_place, args=(person,)) for person in people]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert EventRegistration.objects.filter(event=event).count() == 3
