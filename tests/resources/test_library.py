"""The library: full-text search (file text included), filters, sorting, and bad filter values."""

from datetime import date

import pytest
from django.urls import reverse

from resources import services
from resources.models import Resource
from website.cms.models import ThematicArea

from .conftest import accepted, docx_bytes, pdf_bytes


def titles(response):
    return [resource.title for resource in response.context["page_obj"].object_list]


@pytest.fixture
def library(make_resource, plan):
    area = ThematicArea.objects.create(name="Trasparenza", slug="trasparenza")
    guide = make_resource(
        title="Linee guida per lo sportello",
        text="Il controinteressato riceve copia della richiesta.",
        kind=Resource.Kind.GUIDELINE,
        course=None,
        audience=Resource.Audience.REGISTERED,
        published_on=date(2025, 5, 4),
    )
    guide.thematic_areas.add(area)
    slides = make_resource(
        title="Slide della prima giornata",
        text="Accesso civico generalizzato e registro.",
        kind=Resource.Kind.SLIDES,
        audience=Resource.Audience.ENROLLED,
        published_on=date(2026, 3, 2),
    )
    form = services.resource_create_from_uploads(
        user=None,
        uploads=accepted(
            "modulo.docx",
            docx_bytes(
                title="Modulo", paragraphs=["Dichiarazione sostitutiva dell'atto di notorietà"]
            ),
        ),
        kind=Resource.Kind.TEMPLATE,
        audience=Resource.Audience.PUBLIC,
        published_on=date(2026, 1, 15),
        process_in_background=False,
    )[0]
    Resource.objects.filter(pk=slides.pk).update(download_count=7)
    Resource.objects.filter(pk=form.pk).update(download_count=3)
    return {"guide": guide, "slides": slides, "form": form, "area": area}


@pytest.fixture
def member(client, learner):
    """A person with a place in UD1, who may open all three."""
    client.force_login(learner)
    return client


def get(client, **params):
    return client.get(reverse("resources:index"), params)


def test_search_finds_a_word_that_is_only_inside_a_pdf(member, library):
    assert (
        "controinteressato" not in (library["guide"].title + library["guide"].description).lower()
    )
    assert titles(get(member, q="controinteressato")) == ["Linee guida per lo sportello"]


def test_search_reads_office_documents_too(member, library):
    assert titles(get(member, q="notorietà")) == ["Modulo"]


def test_search_respects_the_audience(client, library):
    assert titles(get(client, q="controinteressato")) == []  # registered only


def test_uploaded_files_become_searchable_after_the_background_task(
    client, unit_teacher, plan, django_capture_on_commit_callbacks
):
    client.force_login(unit_teacher)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("resources:upload"),
            {
                "files": [
                    accepted(
                        "verbale.pdf", pdf_bytes(text="Ricollocazione assistita nel distretto")
                    )[0].file
                ],
                "course": plan["unit"].pk,
                "kind": "report",
                "audience": "enrolled",
                "language": "it",
                "licence": "cc-by-4.0",
            },
        )
    assert titles(get(client, q="ricollocazione")) == ["Verbale"]


@pytest.mark.parametrize(
    "params, expected",
    [
        ({"tipo": "slides"}, ["Slide della prima giornata"]),
        ({"corso": "ud1-prova"}, ["Slide della prima giornata"]),
        ({"area": "trasparenza"}, ["Linee guida per lo sportello"]),
        ({"destinatari": "public"}, ["Modulo"]),
        ({"anno": "2025"}, ["Linee guida per lo sportello"]),
        (
            {"ordina": "titolo"},
            ["Linee guida per lo sportello", "Modulo", "Slide della prima giornata"],
        ),
        (
            {"ordina": "scaricati"},
            ["Slide della prima giornata", "Modulo", "Linee guida per lo sportello"],
        ),
        ({}, ["Slide della prima giornata", "Modulo", "Linee guida per lo sportello"]),
        ({"q": "guida", "ordina": "titolo"}, ["Linee guida per lo sportello"]),
    ],
)
def test_filters_and_orderings(member, library, params, expected):
    assert titles(get(member, **params)) == expected


@pytest.mark.parametrize(
    "params, field",
    [
        ({"anno": "duemila"}, "anno"),
        ({"tipo": "<script>"}, "tipo"),
        ({"corso": "non-esiste"}, "corso"),
        ({"ordina": "casuale"}, "ordina"),
        ({"q": "x" * 201}, "q"),
    ],
)
def test_bad_filter_values_are_named_and_ignored(member, library, params, field):
    response = get(member, **params)
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert "Il modulo contiene errori" in response.content.decode()
    assert len(titles(response)) == 3


def test_anonymous_visitors_see_no_audience_filter_and_are_invited_to_log_in(client, library):
    response = get(client)
    assert "destinatari" not in response.context["form"].fields
    assert titles(response) == ["Modulo"]
    assert "per vedere anche i materiali riservati" in response.content.decode()


def test_staff_can_filter_by_the_staff_audience(client, training_manager, library):
    client.force_login(training_manager)
    choices = dict(get(client).context["form"].fields["destinatari"].choices)
    assert "staff" in choices
    assert get(client, destinatari="staff").status_code == 200


def test_pages_of_twenty(member, make_resource):
    Resource.objects.bulk_create(
        Resource(
            title=f"Nota {n:02d}",
            slug=f"nota-{n}",
            format="page",
            kind="guideline",
            audience="public",
            body="<p>x</p>",
        )
        for n in range(25)
    )
    first = get(member, ordina="titolo")
    assert len(titles(first)) == 20
    second = get(member, ordina="titolo", page=2)
    assert titles(second) == [f"Nota {n:02d}" for n in range(20, 25)]
    assert get(member, page="ultima").status_code == 200


def test_the_upload_button_shows_for_uploaders_only(client, learner, unit_teacher, library):
    client.force_login(learner)
    assert "Carica materiali" not in get(client).content.decode()
    client.force_login(unit_teacher)
    assert "Carica materiali" in get(client).content.decode()


@pytest.mark.parametrize("query", ['"', "'", "*", "(", "NEAR(a b)", "a OR", "^x", "\\", "€ 100%"])
def test_stray_search_syntax_never_breaks_the_page(member, library, query):
    for order in ("", "titolo"):
        assert get(member, q=query, ordina=order).status_code == 200


def test_quoted_words_search_a_phrase(member, library):
    assert titles(get(member, q='"accesso civico"')) == ["Slide della prima giornata"]
    assert titles(get(member, q='"civico accesso"')) == []


def test_a_video_player_loads_only_when_the_reader_asks(client, db):
    from resources.models import Resource

    video = Resource.objects.create(
        title="Il colloquio di orientamento in 10 minuti",
        format=Resource.Format.LINK,
        url="https://www.youtube.com/watch?v=dQw4w9WgXcQ",
        kind=Resource.Kind.VIDEO,
        audience=Resource.Audience.PUBLIC,
    )
    page = client.get(video.get_absolute_url()).content.decode()
    assert "<iframe" not in page
    assert "?riproduci=1#video" in page
    playing = client.get(video.get_absolute_url() + "?riproduci=1").content.decode()
    assert '<iframe src="https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"' in playing
