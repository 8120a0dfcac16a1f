"""URN:NIR identifiers: the demo's acts, articles, and the edge cases of numbers and authorities."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from demo import texts
from website.cms import urn
from website.cms.models import RegulationPage

from .factories import make_act

DEMO_URNS = {
    "dl-185-2008": "urn:nir:stato:decreto.legge:2008-11-29;185",
    "l-2-2009": "urn:nir:stato:legge:2009-01-28;2",
    "l-183-2014": "urn:nir:stato:legge:2014-12-10;183",
    "dlgs-150-2015": "urn:nir:stato:decreto.legislativo:2015-09-14;150",
    "dm-4-2018": "urn:nir:ministero.lavoro.e.politiche.sociali:decreto:2018-01-11;4",
    "l-241-1990": "urn:nir:stato:legge:1990-08-07;241",
    "dlgs-33-2013": "urn:nir:stato:decreto.legislativo:2013-03-14;33",
    "dlgs-97-2016": "urn:nir:stato:decreto.legislativo:2016-05-25;97",
    "dpr-445-2000": "urn:nir:presidente.repubblica:decreto:2000-12-28;445",
    "dgr-sicilia-piano-formazione": "urn:nir:regione.sicilia;giunta:delibera:2025-07-03;214",
    "circolare-sicilia-patto-servizio": "urn:nir:regione.sicilia:circolare:2025-10-20;7",
}


@pytest.mark.parametrize("spec", texts.load("cms").acts, ids=lambda spec: spec[0])
def test_the_urn_of_every_demo_act(spec):
    key, kind, (year, month, day), number, issuer, region, *_rest = spec
    assert (
        urn.act_urn(
            kind=kind, act_date=date(year, month, day), number=number, issuer=issuer, region=region
        )
        == DEMO_URNS[key]
    )


def test_the_two_acts_of_the_domain_brief_and_article_18():
    assert (
        urn.act_urn(kind="decreto-legge", act_date=date(2008, 11, 29), number="185")
        == "urn:nir:stato:decreto.legge:2008-11-29;185"
    )
    decree = urn.act_urn(kind="decreto-legislativo", act_date=date(2015, 9, 14), number="150")
    assert urn.article_urn(decree, "18") == "urn:nir:stato:decreto.legislativo:2015-09-14;150~art18"
    assert (
        urn.normattiva_url(urn.article_urn(decree, "art. 18"))
        == "https://www.normattiva.it/uri-res/N2Ls?urn:nir:stato:decreto.legislativo:2015-09-14;150~art18"
    )


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("185", "185"),
        ("0150", "150"),
        ("n. 0045", "45"),
        ("N. 7", "7"),
        ("4-bis", "4bis"),
        ("4 bis", "4bis"),
        ("4bis", "4bis"),
        ("12/A", "12-a"),
        ("12 A", "12-a"),
        ("0012/a", "12-a"),
        ("3/R/2020", "3-r-2020"),
        ("0", "0"),
        ("12 / ", "12"),
        ("", ""),
        ("   ", ""),
    ],
)
def test_numbers_lose_leading_zeros_and_keep_their_letters(written, expected):
    assert urn.normalize_number(written) == expected


@pytest.mark.parametrize("written", ["abc", "bis", "12?", "--", "n. ", "1+1", "n. n. 4"])
def test_a_number_that_is_not_one_is_refused(written):
    with pytest.raises(ValidationError) as error:
        urn.normalize_number(written)
    assert error.value.code == "invalid_number"


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("18", "18"),
        ("018", "18"),
        ("Art. 18", "18"),
        ("articolo 23", "23"),
        ("4-bis", "4bis"),
        ("4 ter", "4ter"),
        ("2645-bis", "2645bis"),
        ("270-bis.1", "270bis.1"),
    ],
)
def test_articles(written, expected):
    assert urn.normalize_article(written) == expected
    assert urn.article_urn("urn:nir:stato:legge:1990-08-07;241", written).endswith(
        f"~art{expected}"
    )


@pytest.mark.parametrize("written", ["", "diciotto", "18-a", "art.", "18 bis ter"])
def test_an_article_that_is_not_one_is_refused(written):
    with pytest.raises(ValidationError):
        urn.normalize_article(written)


def test_acts_without_a_number():
    assert (
        urn.act_urn(kind="dpcm", act_date=date(2020, 3, 8))
        == "urn:nir:presidente.consiglio.ministri:decreto:2020-03-08"
    )


@pytest.mark.parametrize(
    ("kind", "issuer", "region", "expected"),
    [
        ("legge-regionale", "", "sicilia", "urn:nir:regione.sicilia:legge:2004-02-26;2"),
        (
            "legge-regionale",
            "",
            "emilia-romagna",
            "urn:nir:regione.emilia.romagna:legge:2004-02-26;2",
        ),
        (
            "legge-regionale",
            "",
            "valle-d-aosta",
            "urn:nir:regione.valle.d.aosta:legge:2004-02-26;2",
        ),
        ("legge-regionale", "", "trento", "urn:nir:provincia.autonoma.trento:legge:2004-02-26;2"),
        ("delibera-regionale", "", "puglia", "urn:nir:regione.puglia;giunta:delibera:2004-02-26;2"),
        ("circolare", "", "campania", "urn:nir:regione.campania:circolare:2004-02-26;2"),
        (
            "circolare",
            "istituto.nazionale.previdenza.sociale",
            "",
            "urn:nir:istituto.nazionale.previdenza.sociale:circolare:2004-02-26;2",
        ),
        (
            "circolare",
            "agenzia.nazionale.politiche.attive.lavoro",
            "",
            "urn:nir:agenzia.nazionale.politiche.attive.lavoro:circolare:2004-02-26;2",
        ),
        (
            "dm",
            "ministero.economia.e.finanze",
            "",
            "urn:nir:ministero.economia.e.finanze:decreto:2004-02-26;2",
        ),
    ],
)
def test_regional_acts_circulars_and_ministerial_decrees_name_their_authority(
    kind, issuer, region, expected
):
    assert (
        urn.act_urn(kind=kind, act_date=date(2004, 2, 26), number="2", issuer=issuer, region=region)
        == expected
    )


@pytest.mark.parametrize(
    ("kind", "issuer", "region", "code"),
    [
        ("legge-regionale", "", "", "region_required"),
        ("delibera-regionale", "", "", "region_required"),
        ("dm", "", "", "issuer_required"),
        ("circolare", "", "", "issuer_required"),
        ("circolare", "istituto.nazionale.previdenza.sociale", "sicilia", "issuer_and_region"),
        ("dm", "ministero.della.fantasia", "", "unknown_issuer"),
        ("legge-regionale", "", "atlantide", "unknown_region"),
        ("regio-decreto", "", "", "unknown_kind"),
    ],
)
def test_an_act_without_the_authority_it_needs_is_refused(kind, issuer, region, code):
    with pytest.raises(ValidationError) as error:
        urn.act_urn(kind=kind, act_date=date(2020, 1, 1), number="1", issuer=issuer, region=region)
    assert error.value.code == code


def test_the_page_computes_its_urn_when_saved(db):
    act = make_act(kind="legge", day=date(1990, 8, 7), number="0241", slug="l-241")
    act.refresh_from_db()
    assert act.urn == "urn:nir:stato:legge:1990-08-07;241"
    act.number = "241-bis"
    act.save()
    assert RegulationPage.objects.get(pk=act.pk).urn == "urn:nir:stato:legge:1990-08-07;241bis"


def test_the_page_says_which_field_is_wrong(db):
    act = RegulationPage(
        title="Legge regionale senza regione",
        slug="lr",
        act_kind="legge-regionale",
        date=date(2020, 1, 1),
        number="3",
        official_title="Titolo",
        intro="Sintesi",
    )
    with pytest.raises(ValidationError) as error:
        act.clean()
    assert "region" in error.value.message_dict
    act.region = "sicilia"
    act.issuer = "ministero.economia.e.finanze"
    with pytest.raises(ValidationError) as error:
        act.clean()
    assert "issuer" in error.value.message_dict
    law = RegulationPage(act_kind="legge", date=date(2020, 1, 1), number="x?", region="sicilia")
    with pytest.raises(ValidationError) as error:
        law.clean()
    assert "region" in error.value.message_dict


def test_the_same_act_twice_is_refused(db):
    make_act(kind="legge", day=date(2014, 12, 10), number="183")
    copy = RegulationPage(
        title="Doppione",
        slug="doppione",
        act_kind="legge",
        date=date(2014, 12, 10),
        number="0183",
        official_title="Titolo",
        intro="Sintesi",
    )
    with pytest.raises(ValidationError) as error:
        copy.clean()
    assert "La raccolta contiene già questo atto" in error.value.message_dict["number"][0]
