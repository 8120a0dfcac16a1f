"""Every date-range, day and count pattern, rendered in both languages."""

from datetime import date

import pytest
from django.template import Context, Template
from django.utils import translation

from website.core.dates import date_range, day_phrase, long_day, yes_no
from website.core.spreadsheets import spreadsheet_text

RANGES = [
    # (start, end, Italian, English)
    (date(2027, 10, 8), date(2027, 10, 8), "l'8 ottobre 2027", "8 October 2027"),
    (date(2027, 3, 3), date(2027, 3, 3), "il 3 marzo 2027", "3 March 2027"),
    (date(2027, 10, 8), date(2027, 10, 12), "dall'8 al 12 ottobre 2027", "8–12 October 2027"),
    (date(2027, 3, 1), date(2027, 3, 3), "dal 1 al 3 marzo 2027", "1–3 March 2027"),
    (date(2027, 3, 3), date(2027, 3, 8), "dal 3 all'8 marzo 2027", "3–8 March 2027"),
    (date(2027, 3, 11), date(2027, 3, 18), "dall'11 al 18 marzo 2027", "11–18 March 2027"),
    (
        date(2027, 2, 28),
        date(2027, 3, 11),
        "dal 28 febbraio all'11 marzo 2027",
        "28 February – 11 March 2027",
    ),
    (
        date(2026, 12, 30),
        date(2027, 1, 8),
        "dal 30 dicembre 2026 all'8 gennaio 2027",
        "30 December 2026 – 8 January 2027",
    ),
]


@pytest.mark.parametrize("start, end, italian, english", RANGES)
def test_date_ranges(start, end, italian, english):
    with translation.override("it"):
        assert date_range(start, end) == italian
    with translation.override("en"):
        assert date_range(start, end) == english


@pytest.mark.parametrize(
    "day, preposition, italian, english",
    [
        (date(2027, 10, 8), "il", "l'8 ottobre 2027", "8 October 2027"),
        (date(2027, 10, 11), "al", "all'11 ottobre 2027", "11 October 2027"),
        (date(2027, 10, 18), "al", "al 18 ottobre 2027", "18 October 2027"),
        (date(2027, 10, 1), "dal", "dal 1 ottobre 2027", "1 October 2027"),
        (date(2027, 10, 8), "del", "dell'8 ottobre 2027", "8 October 2027"),
    ],
)
def test_a_day_after_its_article_or_preposition(day, preposition, italian, english):
    with translation.override("it"):
        assert day_phrase(day, preposition) == italian
    with translation.override("en"):
        assert day_phrase(day, preposition) == english


def test_weekdays_are_lower_case_inside_italian_sentences():
    with translation.override("it"):
        assert long_day(date(2027, 3, 8)) == "lunedì 8 marzo 2027"
    with translation.override("en"):
        assert long_day(date(2027, 3, 8)) == "Monday 8 March 2027"


def test_english_dates_are_day_month_year_never_us_numeric():
    template = Template('{{ d|date:"DATE_FORMAT" }} {{ d|date:"SHORT_DATE_FORMAT" }}')
    with translation.override("en"):
        assert template.render(Context({"d": date(2027, 3, 8)})) == "8 March 2027 08/03/2027"
    with translation.override("it"):
        assert template.render(Context({"d": date(2027, 3, 8)})) == "8 marzo 2027 08/03/2027"


def test_the_template_tags_and_booleans():
    template = Template(
        "{% load aula %}{% date_range a b %} · {{ a|day_phrase:'al' }} · {{ a|long_day }}"
        " · {{ yes|yes_no }}/{{ no|yes_no }}"
    )
    context = {"a": date(2027, 10, 8), "b": date(2027, 10, 12), "yes": True, "no": False}
    with translation.override("it"):
        assert template.render(Context(context, autoescape=False)) == (
            "dall'8 al 12 ottobre 2027 · all'8 ottobre 2027 · venerdì 8 ottobre 2027 · Sì/No"
        )
    with translation.override("en"):
        assert template.render(Context(context, autoescape=False)) == (
            "8–12 October 2027 · 8 October 2027 · Friday 8 October 2027 · Yes/No"
        )
    with translation.override("it"):
        assert (yes_no(True), spreadsheet_text(False)) == ("Sì", "No")


COUNTS = [
    # (template, Italian for 1, Italian for 2, English for 1, English for 2)
    (
        "{% load i18n %}{% blocktranslate count counter=n trimmed %}{{ counter }} posto"
        "{% plural %}{{ counter }} posti{% endblocktranslate %}",
        "1 posto",
        "2 posti",
        "1 place",
        "2 places",
    ),
    (
        "{% load i18n %}{% blocktranslate count counter=n trimmed %}{{ counter }} riga senza "
        "modifiche.{% plural %}{{ counter }} righe senza modifiche.{% endblocktranslate %}",
        "1 riga senza modifiche.",
        "2 righe senza modifiche.",
        "1 row unchanged.",
        "2 rows unchanged.",
    ),
    (
        "{% load i18n %}{% blocktranslate count counter=n trimmed %}{{ counter }} libero"
        "{% plural %}{{ counter }} liberi{% endblocktranslate %}",
        "1 libero",
        "2 liberi",
        "1 free",
        "2 free",
    ),
]


@pytest.mark.parametrize("source, it_one, it_two, en_one, en_two", COUNTS)
def test_counts_agree_with_their_number(source, it_one, it_two, en_one, en_two):
    template = Template(source)
    for language, one, two in (("it", it_one, it_two), ("en", en_one, en_two)):
        with translation.override(language):
            assert template.render(Context({"n": 1})) == one
            assert template.render(Context({"n": 2})) == two
