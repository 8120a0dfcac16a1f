"""Pager links: the current query string with one parameter replaced or dropped."""

from django.test import RequestFactory

from website.core.templatetags.aula import query_replace


def context_for(query: str) -> dict:
    return {"request": RequestFactory().get(f"/cerca/?{query}")}


def test_a_parameter_is_replaced_and_the_others_kept_in_order():
    context = context_for("q=centro+impiego&page=2&tipo=a&tipo=b")
    assert query_replace(context, page=3) == "?page=3&q=centro+impiego&tipo=a&tipo=b"
    # The request's own query is left as it was.
    assert context["request"].GET.getlist("page") == ["2"]


def test_an_empty_or_missing_value_drops_the_parameter():
    assert query_replace(context_for("q=lavoro&page=2"), page=None) == "?q=lavoro"
    assert query_replace(context_for("page=2"), page="") == "?"
