"""The home page's sections, and the demo channel newcomers find after `make run`."""

import io
from datetime import timedelta

import pytest
from bs4 import BeautifulSoup
from django.core.management import call_command
from django.utils import timezone

from demo import texts
from website.cms.models import (
    EventPage,
    EventRegistration,
    GoodPracticePage,
    HomeFeaturedPage,
    HomeFeaturedPractice,
    HomePage,
    NewsPage,
    PageFeedback,
    PressReviewPage,
    RegulationPage,
    RegulationRelation,
)

from .factories import make_act, make_event, make_news, make_practice


def section(page, heading_id):
    return page.find(id=heading_id).find_parent("section").get_text(" ", strip=True)


@pytest.mark.django_db
def test_the_home_page_shows_each_section_with_an_empty_state(client):
    page = BeautifulSoup(client.get("/").content, "html.parser")
    assert "Non ci sono ancora notizie." in section(page, "news-title")
    assert "Non ci sono edizioni in programma" in section(page, "editions-title")
    assert "La raccolta normativa è ancora vuota." in section(page, "regulations-title")
    assert "Non ci sono eventi in programma." in section(page, "events-title")
    assert page.find(id="practices-title") is None and page.find(id="featured-title") is None


@pytest.mark.django_db
def test_the_home_page_shows_what_editors_feature_and_the_latest_of_everything(
    client, make_edition
):
    home = HomePage.objects.get()
    news = [
        make_news(title=f"Notizia {n}", day=timezone.localdate() - timedelta(days=n))
        for n in range(6)
    ]
    make_act(title="Atto recente")
    make_event(title="Prossimo laboratorio", days_from_now=5)
    make_event(title="Evento passato", days_from_now=-5)
    practice = make_practice(title="Pratica in evidenza")
    make_practice(title="Pratica non scelta")
    HomeFeaturedPage.objects.create(home=home, page=news[5], sort_order=0)
    HomeFeaturedPractice.objects.create(home=home, practice=practice, sort_order=0)
    edition = make_edition(starts_in=20)
    page = BeautifulSoup(client.get("/").content, "html.parser")
    assert "Notizia 5" in section(page, "featured-title")
    latest = section(page, "news-title")
    assert [f"Notizia {n}" in latest for n in range(6)] == [True] * 4 + [False] * 2
    assert "Decreto legislativo 14 settembre 2015, n. 150" in section(page, "regulations-title")
    events = section(page, "events-title")
    assert "Prossimo laboratorio" in events and "Evento passato" not in events
    practices = section(page, "practices-title")
    assert "Pratica in evidenza" in practices and "Pratica non scelta" not in practices
    assert edition.course.title in section(page, "editions-title")


def test_the_demo_channel(demo_db, client):
    assert NewsPage.objects.live().count() == len(texts.load("cms").news) == 30
    assert PressReviewPage.objects.live().count() == 3
    acts = {act.slug: act for act in RegulationPage.objects.live()}
    assert acts["dl-185-2008"].urn == "urn:nir:stato:decreto.legge:2008-11-29;185"
    decree = acts["dlgs-150-2015"]
    assert decree.urn == "urn:nir:stato:decreto.legislativo:2015-09-14;150"
    assert "urn:nir:stato:decreto.legislativo:2015-09-14;150~art18" in [
        e["urn"] for e in decree.article_entries
    ]
    assert RegulationRelation.objects.count() == len(texts.load("cms").act_relations)
    events = EventPage.objects.live()
    scopes = sorted(events.values_list("scope", flat=True))
    assert scopes == ["interregional"] + ["regional"] * 6 + ["workshop"]
    past = [event for event in events if event.is_past]
    assert sum(event.reported_participants for event in past) == 960
    workshop = events.get(scope="workshop")
    assert not workshop.is_past and EventRegistration.objects.filter(event=workshop).count() == 2
    assert GoodPracticePage.objects.live().count() == 3
    assert HomePage.objects.get().featured_practices.count() == 3
    # Every page of the demo answers, with its last update and a way to give feedback.
    for page in NewsPage.objects.live()[:3]:
        text = BeautifulSoup(client.get(page.url).content, "html.parser").get_text()
        assert "Ultimo aggiornamento" in text and "Questa pagina ti è stata utile?" in text
    # The editors' report has readers' answers to show: yes and no, with and without comments.
    answers = PageFeedback.objects.all()
    assert answers.count() == len(texts.load("cms").page_feedback)
    assert answers.filter(useful=True).exists() and answers.filter(useful=False).exists()
    assert answers.exclude(comment="").exists() and answers.filter(comment="").exists()
    assert not answers.filter(user__isnull=False).exists()  # anonymous readers, as most are
    assert client.get(decree.url + "#art-18").status_code == 200
    assert client.get("/documenti/").status_code == 200


def test_the_demo_accounts_include_an_editor_in_chief(demo_db):
    from website.accounts.models import User
    from website.accounts.roles import Role

    chief = User.objects.get(email="caporedattore@aula.example")
    assert chief.groups.filter(role__code=Role.EDITOR_IN_CHIEF).exists()
    assert chief.check_password("aula-demo-2026")
    assert chief.has_perm("wagtailadmin.access_admin")


def test_editors_manage_the_demo_channels_documents(demo_db, client):
    from wagtail.documents import get_document_model

    from website.accounts.models import User

    documents = get_document_model().objects.filter(collection__name="Canale web")
    assert documents.exists()
    client.force_login(User.objects.get(email="redattore@aula.example"))
    for document in documents[:3]:
        assert client.get(f"/admin/documents/edit/{document.pk}/").status_code == 200
    # …and never the learning materials' files.
    material = get_document_model().objects.filter(collection__name="Materiali didattici").first()
    assert client.get(f"/admin/documents/edit/{material.pk}/").status_code in (302, 403)


def test_scale_adds_volume_in_bulk_and_stays_idempotent(transactional_db):
    call_command("seed_demo", quiet_logins=True, stdout=io.StringIO(), scale=3)
    news = NewsPage.objects.live().count()
    assert news == 30 * 3
    assert PressReviewPage.objects.live().count() == 3 * 3
    assert RegulationPage.objects.live().count() == len(texts.load("cms").acts) + 2 * 2
    generated = NewsPage.objects.get(slug="al-via-il-nuovo-piano-di-formazione-2")
    assert generated.url == "/notizie/al-via-il-nuovo-piano-di-formazione-2/"
    assert generated.thematic_areas.exists() and generated.tags.exists()
    from wagtail.models import Page

    call_command("fixtree", stdout=io.StringIO())
    assert Page.find_problems() == ([], [], [], [], [])
    call_command("seed_demo", quiet_logins=True, stdout=io.StringIO(), scale=3)
    assert NewsPage.objects.live().count() == news
