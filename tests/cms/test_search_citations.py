"""The site search reads acts as staff cite them, and suggests a word one typo away."""

import pytest
from bs4 import BeautifulSoup

from tests.cms.factories import make_act, make_news
from website.cms.citations import one_typo_apart, parse_citation, suggest, vocabulary


@pytest.mark.parametrize(
    "typed, kind, number, year, article",
    [
        ("D.Lgs. 150/2015", "decreto-legislativo", "150", 2015, ""),
        ("d.lgs. n. 150 del 2015", "decreto-legislativo", "150", 2015, ""),
        ("decreto legislativo 150/2015", "decreto-legislativo", "150", 2015, ""),
        ("dlgs 150/2015", "decreto-legislativo", "150", 2015, ""),
        ("D.L. 185/2008", "decreto-legge", "185", 2008, ""),
        ("decreto-legge 185/2008", "decreto-legge", "185", 2008, ""),
        ("L. 68/1999", "legge", "68", 1999, ""),
        ("legge n. 68 del 1999", "legge", "68", 1999, ""),
        ("DPR 445/2000", "dpr", "445", 2000, ""),
        ("D.P.R. 445/2000", "dpr", "445", 2000, ""),
        ("DGR 12/2021", "delibera-regionale", "12", 2021, ""),
        ("art. 18 D.Lgs. 150/2015", "decreto-legislativo", "150", 2015, "18"),
        ("150/2015", "", "150", 2015, ""),
    ],
)
def test_citation_forms(typed, kind, number, year, article):
    citation = parse_citation(typed)
    assert (citation.kind, citation.number, citation.year, citation.article) == (
        kind,
        number,
        year,
        article,
    )
    assert citation.rest == ""


def test_plain_words_are_no_citation():
    assert not parse_citation("servizi per il lavoro 2015").names_an_act
    assert parse_citation("servizi per il lavoro").rest == "servizi per il lavoro"


def test_one_typo():
    assert one_typo_apart("ricolocazione", "ricollocazione")  # a letter missing
    assert one_typo_apart("impeigo", "impiego")  # two neighbours swapped
    assert one_typo_apart("centrp", "centro")  # a letter changed
    assert not one_typo_apart("ricolazione", "ricollocazione")  # two letters missing
    words = vocabulary(["Assegno di ricollocazione", "L'assegno di ricollocazione"])
    assert suggest("assegno di ricolocazione", words) == "assegno di ricollocazione"
    assert suggest("assegno", words) == ""


def results(client, query):
    page = BeautifulSoup(client.get("/cerca/", {"q": query}).content, "html.parser")
    titles = [link.get_text(strip=True) for link in page.select(".search-results h3 a")]
    suggestion = page.select_one(".search-suggestion a")
    return titles, suggestion


@pytest.mark.django_db
@pytest.mark.parametrize(
    "query",
    ["D.Lgs. 150/2015", "d.lgs. 150/2015", "decreto legislativo n. 150 del 2015", "150/2015"],
)
def test_the_search_finds_an_act_by_its_citation(client, query):
    act = make_act(title="Riordino dei servizi per il lavoro")
    make_act(kind="legge", number="150", title="Un'altra legge 150", day=act.date.replace(2016))
    titles, _ = results(client, query)
    assert titles == ["Riordino dei servizi per il lavoro"]


@pytest.mark.django_db
def test_the_kind_tells_acts_with_the_same_number_and_year_apart(client):
    make_act(title="Il decreto legislativo")
    make_act(kind="legge", title="La legge omonima")
    assert results(client, "L. 150/2015")[0] == ["La legge omonima"]
    assert results(client, "D.Lgs. 150/2015")[0] == ["Il decreto legislativo"]


@pytest.mark.django_db
def test_a_search_with_one_typo_suggests_the_word(client):
    make_news(title="L'assegno di ricollocazione spiegato ai centri")
    titles, suggestion = results(client, "ricolocazione")
    assert titles == []
    assert suggestion.get_text() == "«ricollocazione»"
    assert suggestion["href"] == "?q=ricollocazione"
    titles, suggestion = results(client, "ricollocazione")
    assert titles == ["L'assegno di ricollocazione spiegato ai centri"]
    assert suggestion is None
