"""The web channel's lists and pages make as many queries with 10 items as with 1,000."""

import itertools
import json

import pytest
from django.urls import reverse

from tests.cms.factories import area, make_act, make_event, make_news, many_acts, many_news, publish
from website.accounts.roles import Role
from website.cms.models import HomeFeaturedPage, HomePage, RegulationRelation

from .helpers import PAGE_CEILING, assert_same_queries

pytestmark = pytest.mark.django_db

# Issue 19 asks for PAGE_CEILING on every page (a view is counted without a query: see
# website.core.counters). The pages are counted as they are rendered, with the anonymous
# readers' page copies off (website/cms/page_cache.py replays a copy without a query), so the
# count is what a reader pays after every publish. What the first request leaves in the
# cache and the counted ones read: the request's site and its home page, the page each path
# names, where view restrictions are (website/core/sites.py, HomePage.route), the main menu
# and the breadcrumb trail (website/core/navigation.py), all under the content generation.
HOME = PAGE_CEILING
CONTENT_PAGE = PAGE_CEILING  # a news page, an act
ACT_INDEX = PAGE_CEILING
NEWS_INDEX = PAGE_CEILING

BROWSER = "Mozilla/5.0 (X11; Linux x86_64; rv:140.0) Gecko/20100101 Firefox/140.0"


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PAGE_CACHE_SECONDS = 0  # count the render, not the replay of a copy


@pytest.fixture
def reader(client):
    """Views are counted as a reader's (the counting's own queries are part of the page's)."""
    client.defaults["HTTP_USER_AGENT"] = BROWSER
    return client


@pytest.fixture
def areas():
    return [area(), area("inclusione", "Inclusione sociale e lavorativa")]


@pytest.mark.parametrize(
    "query", ["", "?area=politiche-attive", "?tag=giovani&anno=2026", "?page=2"]
)
def test_the_news_index(reader, areas, query):
    # Fewer items than a page holds (one on the second page), so a query per item would show.
    many_news(13 if "page" in query else 10, areas=areas, tags=["giovani", "tirocini"])
    assert_same_queries(
        reader,
        "/notizie/" + query,
        lambda: many_news(978, areas=areas, tags=["giovani", "tirocini"]),
        at_most=NEWS_INDEX,
        writes_nothing=True,
    )


@pytest.mark.parametrize(
    "query", ["", "?tipo=circolare&ordina=meno-recenti", "?area=inclusione&anno=2021"]
)
def test_the_regulation_index(reader, areas, query):
    many_acts(10, areas=areas)
    assert_same_queries(
        reader,
        "/normativa/" + query,
        lambda: many_acts(990, areas=areas),
        at_most=ACT_INDEX,
        writes_nothing=True,
    )


def test_a_news_page(reader, areas):
    act = make_act(articles=[("18", "Servizi")])
    news = make_news(
        areas=areas,
        tags=["giovani", "tirocini"],
        body=[
            {"type": "paragraph", "value": "<p>Testo</p>"},
            {"type": "act_citation", "value": {"act": act.pk, "article": "18", "note": ""}},
        ],
    )
    many_news(10, areas=areas, tags=["giovani"])
    assert_same_queries(
        reader,
        news.url,
        lambda: many_news(990, areas=areas, tags=["giovani"]),
        at_most=CONTENT_PAGE,
        writes_nothing=True,
    )


def test_a_news_page_with_many_links_attachments_and_citations(reader, areas):
    from django.core.files.base import ContentFile
    from wagtail.documents import get_document_model

    from website.cms.models import PageAttachment, RelatedLink

    acts = [make_act(number=str(n), slug=f"atto-citato-{n}") for n in range(1, 4)]
    news = make_news(areas=areas)

    def add(count):
        Document = get_document_model()
        for n in range(count):
            document = Document.objects.create(
                title=f"Allegato {n}", file=ContentFile(b"x", name="a.txt")
            )
            PageAttachment.objects.create(page=news, document=document, sort_order=n)
            RelatedLink.objects.create(page=news, target=acts[n % 3], sort_order=n)
        body = [
            {"type": "act_citation", "value": {"act": acts[n % 3].pk, "article": "", "note": ""}}
            for n in range(count)
        ]
        news.body = json.dumps(body)
        news.save_revision().publish(skip_permission_checks=True)

    add(2)
    assert_same_queries(reader, news.url, lambda: add(20))


def test_an_act_page_with_many_relations(reader, areas):
    act = make_act(articles=[(str(n), f"Articolo {n}") for n in range(1, 6)], areas=areas)

    def relate(count):
        for other in many_acts(count):
            RegulationRelation.objects.create(source=act, kind="amended-by", target=other)
            RegulationRelation.objects.create(source=other, kind="implements", target=act)

    relate(2)
    assert_same_queries(
        reader, act.url, lambda: relate(40), at_most=CONTENT_PAGE, writes_nothing=True
    )


@pytest.mark.parametrize("page", ["", "&page=3"])
def test_search_results(reader, areas, page):
    many_news(25, areas=areas)  # three pages of results, then a hundred
    assert_same_queries(
        reader,
        "/cerca/?q=notizia+generata" + page,
        lambda: many_news(975, areas=areas),
        at_most=PAGE_CEILING,
    )


@pytest.mark.parametrize("query", ["D.Lgs.+150/2015", "generat"])
def test_citation_and_typo_searches(reader, areas, query):
    """An act found by its citation; a word one typo away suggested from the site's words."""
    make_act()
    many_news(3, areas=areas)
    many_acts(3, areas=areas)
    count, _response = assert_same_queries(
        reader,
        "/cerca/?q=" + query,
        lambda: (many_news(490, areas=areas), many_acts(500, areas=areas)),
    )
    assert count <= 10, count


def test_filtered_search_results(reader, areas):
    many_news(3, areas=areas)
    many_acts(3, areas=areas)
    assert_same_queries(
        reader,
        "/cerca/?q=generata&area=politiche-attive&dal=2020-01-01",
        lambda: (many_news(490, areas=areas), many_acts(500, areas=areas)),
    )


@pytest.mark.parametrize(
    "url", ["/feed/notizie/rss/", "/feed/normativa/atom/", "/feed/aree/politiche-attive/rss/"]
)
def test_feeds(reader, areas, url):
    many_news(10, areas=areas)
    many_acts(10, areas=areas)
    assert_same_queries(
        reader, url, lambda: (many_news(990, areas=areas), many_acts(100, areas=areas))
    )


def test_the_home_page(reader, areas, make_edition):
    home = HomePage.objects.get()
    for news in many_news(3, areas=areas):
        HomeFeaturedPage.objects.create(home=home, page=news)
    make_event()
    make_edition()

    def grow():
        many_news(990, areas=areas)
        many_acts(200, areas=areas)
        for _ in range(5):
            make_event()
            make_edition()

    assert_same_queries(reader, "/", grow, at_most=HOME, writes_nothing=True)


def test_an_event_page_as_the_places_fill(client, make_user):
    from website.cms import services

    event = make_event(capacity=500)
    client.force_login(make_user())

    def fill():
        for _ in range(30):
            services.event_registration_create(event=event, user=make_user())

    assert_same_queries(client, event.url, fill)


def test_the_feedback_and_visit_reports(client, make_user, areas):
    from django.contrib.auth.models import AnonymousUser
    from django.test import Client

    from website.cms import services
    from website.cms.models import PageFeedback
    from website.core import counters

    pages = many_news(5, areas=areas)
    client.force_login(make_user(role=Role.EDITOR))
    readers = itertools.count()

    def answer_and_visit(count):
        for n, page in enumerate(many_news(count, areas=areas) + pages):
            services.feedback_submit(
                page=page,
                user=AnonymousUser(),
                reader_token=f"lettore-{next(readers)}",
                useful=bool(n % 3),
                comment="Utile" if n % 2 else "",
            )
            Client().get(page.url, HTTP_USER_AGENT=BROWSER)
        # Scores from before the yes/no question, on the same pages.
        PageFeedback.objects.bulk_create(
            PageFeedback(page=page, reader_key=f"vecchio-{next(readers)}", score=4)
            for page in pages
        )
        # The visits as the periodic job writes them: the report reads those rows.
        counters.flush()

    answer_and_visit(3)
    report = reverse("cms_ratings")
    section = HomePage.objects.get().get_children().first().pk
    for url in (report, f"{report}?dal=2020-01-01&al=2099-12-31&sezione={section}"):
        assert_same_queries(client, url, lambda: answer_and_visit(30), at_most=PAGE_CEILING)
    assert_same_queries(
        client,
        reverse("cms_page_ratings", args=[pages[0].pk]),
        lambda: answer_and_visit(5),
        at_most=PAGE_CEILING,
    )
    visits = reverse("analytics_visits")
    _count, response = assert_same_queries(
        client, visits, lambda: answer_and_visit(30), at_most=PAGE_CEILING
    )
    assert pages[0].title in response.content.decode()  # among the most visited pages
    assert_same_queries(
        client,
        reverse("analytics_page_visits", args=[pages[0].pk]),
        lambda: answer_and_visit(5),
        at_most=PAGE_CEILING,
    )


def test_the_sitemap(reader, areas):
    many_news(10, areas=areas)
    assert_same_queries(reader, "/sitemap.xml", lambda: many_news(990))


def test_publishing_through_the_bulk_helper_keeps_the_tree_valid(areas):
    from django.core.management import call_command
    from wagtail.models import Page

    many_news(50, areas=areas)
    publish(HomePage.objects.get().get_children().get(slug="notizie"), _one_news())
    assert Page.find_problems() == ([], [], [], [], [])
    call_command("fixtree", "--full", stdout=__import__("io").StringIO())


def _one_news():
    from website.cms.models import NewsPage

    return NewsPage(title="Dopo la serie", slug="dopo-la-serie", intro="Sommario.")


def _grow_other_kinds(count, *, forum, author, programme):
    """``count`` more courses, resources and forum posts holding the word «generata»."""
    from courses.models import Course
    from forums.models import Post, Topic
    from resources.models import Resource

    start = Course.objects.count()
    Course.objects.bulk_create(
        Course(
            programme=programme,
            code=f"UD{start + n}",
            title=f"Unità generata {start + n}",
            slug=f"unita-generata-{start + n}",
        )
        for n in range(count)
    )
    for n in range(count):  # one by one: each goes through the search index
        Resource.objects.create(
            title=f"Risorsa generata {start + n}",
            slug=f"risorsa-generata-{start + n}",
            description="Una risorsa generata per le prove.",
            format=Resource.Format.LINK,
            url="https://www.example.org/",
            kind=Resource.Kind.TOOL,
            audience=Resource.Audience.REGISTERED,
        )
    topic = Topic.objects.create(forum=forum, author=author, title=f"Discussione {start}")
    Post.objects.bulk_create(
        Post(
            topic=topic,
            author=author,
            source="Una risposta generata.",
            html="<p>Una risposta generata.</p>",
        )
        for _n in range(count * 10)
    )


def test_site_search_with_courses_resources_and_posts(client, areas, operator):
    """The pages' first page and a section of each other kind: the same queries, at most 10."""
    from courses.models import Programme
    from forums.models import Forum

    programme = Programme.objects.create(
        title="Piano", slug="piano", starts_on="2026-01-01", ends_on="2026-12-31"
    )
    forum = Forum.objects.get(cluster=operator.centre.cluster)
    many_news(3, areas=areas)
    _grow_other_kinds(2, forum=forum, author=operator, programme=programme)
    client.force_login(operator)
    _count, response = assert_same_queries(
        client,
        "/cerca/?q=generata",
        lambda: (
            many_news(200, areas=areas),
            _grow_other_kinds(40, forum=forum, author=operator, programme=programme),
        ),
        at_most=PAGE_CEILING,
    )
    text = response.content.decode()
    assert "Messaggi dei forum" in text and "Risorse didattiche" in text and "Corsi" in text
