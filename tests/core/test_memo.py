"""The request memo: one computation per request, none kept outside or across requests."""

import pytest
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import reverse

from website.accounts.relations import managed_centre_list
from website.core.memo import RequestMemoMiddleware, remember


def test_outside_a_request_every_call_computes():
    calls = []
    assert remember("key", lambda: calls.append(1) or len(calls)) == 1
    assert remember("key", lambda: calls.append(1) or len(calls)) == 2


def test_inside_a_request_the_first_answer_is_kept_until_the_response():
    calls = []

    def view(request):
        first = remember("key", lambda: calls.append(1) or len(calls))
        second = remember("key", lambda: calls.append(1) or len(calls))
        other = remember("other", lambda: "other")
        return HttpResponse(f"{first} {second} {other}")

    middleware = RequestMemoMiddleware(view)
    assert middleware(RequestFactory().get("/")).content == b"1 1 other"
    # A new request starts afresh.
    assert middleware(RequestFactory().get("/")).content == b"2 2 other"
    assert remember("key", lambda: "outside") == "outside"


@pytest.mark.django_db
def test_a_centre_given_between_two_requests_shows_on_the_next(client, operator, org):
    """The managed centres' link (affiliation requests) appears on the very next page."""
    link = reverse("accounts:affiliation_requests")
    client.force_login(operator)
    assert managed_centre_list(operator) == []
    assert link not in client.get(reverse("courses:dashboard")).content.decode()
    org["pa1"].managers.add(operator)
    assert managed_centre_list(operator) == [org["pa1"]]
    assert link in client.get(reverse("courses:dashboard")).content.decode()
