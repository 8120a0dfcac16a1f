"""Bidirectional control characters never reach a name, a title or a rendered post."""

import pytest

from forums.forms import TopicForm
from website.cms.forms import FeedbackForm
from website.core.sanitize import sanitize_html
from website.core.text import BIDI_CONTROLS, strip_bidi_controls
from website.core.uploads import clean_file_name

RLO = "\u202e"


def test_every_bidi_control_is_stripped_and_letters_of_any_script_are_kept():
    assert strip_bidi_controls("".join(sorted(BIDI_CONTROLS))) == ""
    assert len(BIDI_CONTROLS) == 12
    text = "Maria \u05e9\u05dc\u05d5\u05dd \u0645\u0631\u062d\u0628\u0627 Città"
    assert strip_bidi_controls(text) == text
    assert strip_bidi_controls(f"fattura{RLO}fdp.exe") == "fatturafdp.exe"


@pytest.mark.parametrize(
    "html",
    [
        f"<p>a{RLO}b</p>",
        "<p>a&#x202E;b</p>",
        "<p>a&#8238;b</p>",
        "<p>a&#x0202e;b</p>",
        "<p>a&rlm;b</p>",
        "<p>a\u2066b\u2069</p>",
    ],
)
def test_the_sanitiser_drops_them_raw_or_as_references(html):
    assert sanitize_html(html) == "<p>ab</p>"


def test_the_sanitiser_keeps_other_references():
    # They come out as the characters they stand for (&#82340; starts like &#8238;, U+202E).
    assert sanitize_html("<p>&#8364; &amp; &#82340;</p>") == "<p>\u20ac &amp; \U000141a4</p>"


def test_a_topic_title_loses_them():
    form = TopicForm({"title": f"Domanda {RLO}gnetnI", "source": "Testo"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["title"] == "Domanda gnetnI"


def test_a_title_made_only_of_them_is_missing():
    form = TopicForm({"title": RLO * 8, "source": "Testo"})
    assert not form.is_valid()
    assert form.errors["title"] == ["Scrivi il titolo della discussione."]


def test_a_page_feedback_comment_loses_them():
    form = FeedbackForm({"useful": "si", "comment": f"Utile{RLO} davvero"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["comment"] == "Utile davvero"


def test_an_attachment_name_loses_them():
    assert clean_file_name(f"foto{RLO}gpj.exe") == "fotogpj.exe"
