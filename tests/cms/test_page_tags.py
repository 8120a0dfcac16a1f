"""News keywords: at most 20, no bidirectional controls (Wagtail itself refuses a tag over
the 100 characters of its column)."""

import pytest

from website.cms.models import NewsIndexPage, NewsPage
from website.cms.page_forms import TaggedPageForm

pytestmark = pytest.mark.django_db


def news_form(editor, tags):
    form_class = NewsPage.get_edit_handler().get_form_class()
    assert issubclass(form_class, TaggedPageForm)
    parent = NewsIndexPage.objects.first()
    return form_class(
        data={"title": "Notizia", "slug": "notizia", "body-count": "0", "tags": tags},
        instance=NewsPage(),
        parent_page=parent,
        for_user=editor,
    )


@pytest.mark.parametrize(
    ("tags", "message"),
    [
        ("x" * 100_000, "superano 100 caratteri"),
        (", ".join(f"tema{n}" for n in range(21)), "al massimo 20 parole chiave"),
    ],
    ids=["tag-100k", "21-tags"],
)
def test_news_keywords_out_of_bounds_are_form_errors(editor, tags, message):
    form = news_form(editor, tags)
    assert not form.is_valid()
    assert message in form.errors["tags"][0]


def test_news_keywords_lose_bidi_controls(editor):
    form = news_form(editor, "ter\u202emini, lavoro")
    form.is_valid()
    assert "tags" not in form.errors
    assert sorted(form.cleaned_data["tags"]) == ["lavoro", "termini"]
