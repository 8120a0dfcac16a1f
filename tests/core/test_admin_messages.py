"""The admin speaks Italian that agrees: messages in the model name's gender, Wagtail's
missing sentences translated, booleans as Sì/No."""

import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from django.conf import settings
from django.contrib.messages import get_messages
from django.utils import translation
from wagtail.admin.viewsets import viewsets
from wagtail.admin.viewsets.model import ModelViewSet as WagtailModelViewSet

from website.accounts.models import Cluster, Region
from website.core.viewsets import FEMININE, MASCULINE, GenderedMessagesMixin, success_message


def _ours(model) -> bool:
    path = Path(sys.modules[model.__module__].__file__).resolve()
    base = Path(settings.BASE_DIR).resolve()
    return path.is_relative_to(base) and ".venv" not in path.relative_to(base).parts


def test_every_viewset_of_our_models_declares_its_gender():
    viewsets.populate() if not viewsets.viewsets else None
    ours = [
        viewset
        for viewset in viewsets.viewsets
        if isinstance(viewset, WagtailModelViewSet) and _ours(viewset.model)
    ]
    assert len(ours) > 20
    undeclared = [
        type(viewset).__name__
        for viewset in ours
        if not isinstance(viewset, GenderedMessagesMixin) or viewset.grammatical_gender is None
    ]
    assert undeclared == []


@pytest.mark.parametrize(
    "gender, action, italian, english",
    [
        (FEMININE, "created", "Edizione «AC1» creata.", "Edition 'AC1' created."),
        (FEMININE, "updated", "Edizione «AC1» aggiornata.", "Edition 'AC1' updated."),
        (FEMININE, "deleted", "Edizione «AC1» eliminata.", "Edition 'AC1' deleted."),
        (MASCULINE, "created", "Corso «AC1» creato.", "Course 'AC1' created."),
        (MASCULINE, "updated", "Corso «AC1» aggiornato.", "Course 'AC1' updated."),
        (MASCULINE, "deleted", "Corso «AC1» eliminato.", "Course 'AC1' deleted."),
    ],
)
def test_the_sentences_in_both_languages(gender, action, italian, english):
    names = {FEMININE: ("Edizione", "Edition"), MASCULINE: ("Corso", "Course")}[gender]
    for language, name, expected in (("it", names[0], italian), ("en", names[1], english)):
        with translation.override(language):
            text = str(success_message(gender, action)) % {"model_name": name, "object": "AC1"}
            assert text == expected


def _messages(response):
    """The messages' sentences, without the buttons Wagtail renders beside them."""
    texts = []
    for message in get_messages(response.wsgi_request):
        html = BeautifulSoup(str(message), "html.parser")
        for buttons in html.select(".buttons"):
            buttons.decompose()
        texts.append(html.get_text(" ", strip=True))
    return texts


@pytest.mark.django_db
def test_the_admin_says_created_updated_deleted_in_the_right_gender(client, make_user, org):
    client.force_login(make_user(superuser=True))
    response = client.post(
        "/admin/organizzazione/regioni/new/", {"name": "Calabria", "code": "calabria"}
    )
    assert response.status_code == 302
    assert _messages(response) == ["Regione «Calabria» creata."]
    region = Region.objects.get(code="calabria")
    cluster = org["north"]
    response = client.post(
        f"/admin/organizzazione/cluster/edit/{cluster.pk}/",
        {"region": org["region"].pk, "name": "Palermo Nord", "code": cluster.code},
    )
    assert response.status_code == 302, response.content[:2000]
    assert _messages(response)[-1] == "Cluster «Palermo Nord» aggiornato."
    response = client.post(f"/admin/organizzazione/regioni/delete/{region.pk}/")
    assert response.status_code == 302
    assert _messages(response)[-1] == "Regione «Calabria» eliminata."
    assert not Region.objects.filter(code="calabria").exists()
    assert Cluster.objects.get(pk=cluster.pk).name == "Palermo Nord"


@pytest.mark.django_db
def test_english_admin_messages(client, make_user):
    user = make_user(superuser=True, language="en")
    client.force_login(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.post(
        "/admin/organizzazione/regioni/new/", {"name": "Calabria", "code": "calabria"}
    )
    assert _messages(response) == ["Region 'Calabria' created."]


@pytest.mark.django_db
def test_an_invalid_form_says_nothing_was_created(client, make_user):
    client.force_login(make_user(superuser=True))
    response = client.post("/admin/organizzazione/regioni/new/", {"name": "", "code": ""})
    assert response.status_code == 200
    assert _messages(response)[0].startswith("Regione non creata: correggi gli errori segnalati.")
    assert not Region.objects.filter(name="").exists()


@pytest.mark.django_db
def test_a_search_that_finds_nothing_reads_right_in_italian(client, make_user):
    client.force_login(make_user(superuser=True))
    page = client.get("/admin/formazione/edizioni/?q=nulla")
    text = BeautifulSoup(page.content, "html.parser").get_text(" ", strip=True)
    assert "La ricerca non trova edizioni." in text


@pytest.mark.django_db
def test_listings_show_yes_no_not_true_false(client, make_user, programme):
    client.force_login(make_user(superuser=True))
    page = BeautifulSoup(client.get("/admin/formazione/piani/").content, "html.parser")
    cells = [cell.get_text(strip=True) for cell in page.select("table.listing tbody td")]
    assert "Sì" in cells or "No" in cells
    assert "True" not in cells and "False" not in cells


@pytest.mark.django_db
def test_an_empty_listing_reads_right_in_italian(client, make_user):
    client.force_login(make_user(superuser=True))
    text = BeautifulSoup(client.get("/admin/formazione/edizioni/").content, "html.parser").get_text(
        " ", strip=True
    )
    assert "Non ci sono edizioni da mostrare" in text
    assert "nessun edizioni" not in text


@pytest.mark.django_db
def test_the_page_listing_counts_in_italian(client, make_user):
    from wagtail.models import Page

    client.force_login(make_user(superuser=True))
    root = Page.get_first_root_node()
    page = BeautifulSoup(client.get(f"/admin/pages/{root.pk}/").content, "html.parser")
    header = page.select_one("table.listing thead").get_text(" ", strip=True)
    assert " of " not in header
    assert " di " in header


def test_wagtail_spreadsheet_exports_write_yes_no():
    from wagtail.admin.views.mixins import SpreadsheetExportMixin

    exporter = SpreadsheetExportMixin()
    for export_format in (exporter.FORMAT_CSV, exporter.FORMAT_XLSX):
        with translation.override("it"):
            assert exporter.preprocess_field_value("live", True, export_format) == "Sì"
        with translation.override("en"):
            assert exporter.preprocess_field_value("live", False, export_format) == "No"


def test_every_wagtail_message_has_italian():
    """Wagtail's English catalogues list every message it shows; each reads Italian, from
    Wagtail's Italian catalogue or from ours (website/core/library_strings.py)."""
    import polib
    import wagtail

    wagtail_root = Path(wagtail.__file__).parent
    ours = polib.pofile(str(settings.BASE_DIR / "website/core/locale/it/LC_MESSAGES/django.po"))
    translated = {(entry.msgctxt, entry.msgid) for entry in ours if entry.translated()}
    missing = []
    for english in wagtail_root.glob("**/locale/en/LC_MESSAGES/django.po"):
        italian = english.parent.parent.parent / "it" / "LC_MESSAGES" / "django.po"
        if not italian.exists() or "search_promotions" in str(english):
            continue  # an app we do not install
        translated_upstream = {
            (entry.msgctxt, entry.msgid)
            for entry in polib.pofile(str(italian))
            if entry.translated()
        }
        missing += [
            entry.msgid
            for entry in polib.pofile(str(english))
            if (entry.msgctxt, entry.msgid) not in translated_upstream | translated
            and entry.msgid != "Wagtail API v3"
        ]
    assert missing == []
