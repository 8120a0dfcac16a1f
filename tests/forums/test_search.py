"""Forum search: ranked full-text search over posts, read rights, stems, hostile queries.

The same tests run on SQLite (FTS5, kept in step by triggers) and on PostgreSQL
(each post's Italian words in a stored generated column under a GIN index).
"""

from datetime import UTC, datetime

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.urls import reverse

from forums import selectors, services
from forums.markup import render_markdown
from forums.models import Post
from forums.search import plain_text
from website.core.search_text import snippet

pytestmark = pytest.mark.django_db


def text_of(response):
    return " ".join(BeautifulSoup(response.content, "html.parser").get_text(" ").split())


def results(response) -> list[str]:
    """Each result's excerpt, in the page's order."""
    soup = BeautifulSoup(response.content, "html.parser")
    return [" ".join(item.get_text().split()) for item in soup.select(".forum-results li p.mb-0")]


def reply(topic, author, source):
    return services.post_create(topic=topic, author=author, source=source)


def test_better_matches_come_first_whatever_their_age(client, operator, coach, north_topic):
    reply(
        north_topic,
        coach,
        "Il tirocinio extracurricolare: tirocinio, tirocinio e ancora tirocinio.",
    )
    reply(
        north_topic,
        coach,
        "Una lunga risposta sul patto di servizio, sull'assegno di inclusione, sulla "
        "profilazione quantitativa e qualitativa e, alla fine, anche sul tirocinio.",
    )
    client.force_login(operator)
    found = results(client.get("/forum/cerca/?q=tirocinio"))
    assert len(found) == 2
    assert found[0].startswith("Il tirocinio extracurricolare")


def test_posts_are_searched_not_topic_titles(client, operator, north_forum):
    """A topic's title no longer lists every post of the topic."""
    topic = services.topic_create(
        forum=north_forum, author=operator, title="Garanzia giovani", source="Una domanda."
    )
    reply(topic, operator, "Nessuna parola del titolo qui.")
    reply(topic, operator, "La garanzia giovani riparte a marzo.")
    client.force_login(operator)
    response = client.get("/forum/cerca/?q=garanzia+giovani")
    assert "1 messaggio trovato" in text_of(response)
    assert results(response) == ["La garanzia giovani riparte a marzo."]


def test_inflected_forms_are_found_and_marked(client, operator, north_topic):
    reply(north_topic, operator, "Il contratto di ricollocazione scade a giugno.")
    client.force_login(operator)
    response = client.get("/forum/cerca/?q=contratti")
    assert "1 messaggio trovato" in text_of(response)
    assert "<mark>contratto</mark> di ricollocazione" in response.content.decode()


@pytest.mark.postgres
def test_postgresql_stems_with_its_italian_dictionary(operator, north_topic):
    post = reply(north_topic, operator, "L'organizzazione dei colloqui di gruppo.")
    # «organizzare» and «organizzazione» share no prefix past «organizz»: a dictionary's stem.
    assert list(selectors.search_posts(operator, "organizzare")) == [post]


@pytest.mark.parametrize("query", ["attività", "ATTIVITÀ", "attivita"])
def test_accented_words_are_found(operator, north_topic, query):
    """Typed with or without its accent: SQLite's tokenizer removes accents, PostgreSQL's
    Italian stemmer cuts the final vowel either way («attiv»)."""
    post = reply(north_topic, operator, "Le attività di orientamento riprendono lunedì.")
    assert list(selectors.search_posts(operator, query)) == [post]


def test_every_word_must_be_found(client, operator, north_topic):
    reply(north_topic, operator, "Colloquio di orientamento.")
    reply(north_topic, operator, "Colloquio di gruppo.")
    client.force_login(operator)
    assert results(client.get("/forum/cerca/?q=colloquio+gruppo")) == ["Colloquio di gruppo."]


@pytest.mark.parametrize(
    "query",
    [
        "AND (",
        '"',
        "*",
        "profilazione AND (",
        'profilazione" OR "',
        "NEAR(profilazione",
        "-profilazione",
        "source:profilazione",
        "^profilazione*",
        "profilazione)",
        "'; DROP TABLE forums_post; --",
        "<script>",
        "profilazione & | ! :*",
    ],
)
def test_operators_in_a_query_are_never_read_as_syntax(client, operator, north_topic, query):
    client.force_login(operator)
    response = client.get("/forum/cerca/", {"q": query})
    assert response.status_code == 200
    assert Post.objects.filter(pk=north_topic.posts.get().pk).exists()
    if query.startswith(("profilazione", "-profilazione", "NEAR", "source", "^")):
        # The words are searched as words: «profilazione» is found, the rest ignored or sought.
        assert "messagg" in text_of(response)


@pytest.mark.parametrize("query", ['"', "*", "( )", "- ! ?", "a"])
def test_a_query_without_words_says_so(client, operator, north_topic, query):
    client.force_login(operator)
    response = client.get("/forum/cerca/", {"q": query})
    assert response.status_code == 200
    assert "Scrivi almeno una parola di due lettere o più" in text_of(response)
    assert not results(response)


def test_the_words_themselves_are_found_beside_operators(operator, north_topic):
    assert list(selectors.search_posts(operator, 'profilazione" *')) == [north_topic.posts.get()]
    assert list(selectors.search_posts(operator, "(profilazione)")) == [north_topic.posts.get()]


def test_a_private_cluster_forum_stays_private(client, operator, outsider, north_topic):
    client.force_login(outsider)
    response = client.get("/forum/cerca/?q=profilazione")
    assert "0 messaggi trovati" in text_of(response)
    assert not list(selectors.search_posts(outsider, "profilazione"))
    client.force_login(operator)
    assert "1 messaggio trovato" in text_of(client.get("/forum/cerca/?q=profilazione"))


def test_hidden_and_unapproved_posts_and_topics_are_never_found(
    client, operator, cluster_lead, north_forum, north_topic
):
    hidden = reply(north_topic, operator, "Profilazione nascosta.")
    services.post_set_hidden(post=hidden, actor=cluster_lead, hidden=True)
    Post.objects.create(
        topic=north_topic,
        author=operator,
        source="Profilazione in attesa",
        html=render_markdown("Profilazione in attesa").html,
        is_approved=False,
    )
    other = services.topic_create(
        forum=north_forum, author=operator, title="Altro", source="Profilazione altrove"
    )
    services.topic_set_hidden(topic=other, actor=cluster_lead, hidden=True)
    # Not even their moderator finds them through search.
    assert list(selectors.search_posts(cluster_lead, "profilazione")) == [north_topic.posts.first()]


def test_the_index_follows_edits_and_deletions(operator, north_topic):
    post = reply(north_topic, operator, "Prima stesura sul collocamento mirato.")
    services.post_edit(post=post, editor=operator, source="Seconda stesura sui tirocini.")
    assert not list(selectors.search_posts(operator, "collocamento"))
    assert list(selectors.search_posts(operator, "tirocini")) == [post]
    services.post_delete(post=post, actor=operator)
    assert not list(selectors.search_posts(operator, "tirocini"))


def test_the_index_follows_bulk_edits(operator, north_topic):
    post = reply(north_topic, operator, "Prima stesura sul collocamento mirato.")
    Post.objects.filter(pk=post.pk).update(source="Seconda stesura sui tirocini.")
    assert not list(selectors.search_posts(operator, "collocamento"))
    assert list(selectors.search_posts(operator, "tirocini")) == [post]


def test_posts_are_read_without_their_search_words(operator, north_topic):
    """Only the database reads a post's stored words: pages never load them."""
    post = reply(north_topic, operator, "Un messaggio.")
    assert "search_vector" in Post.objects.get(pk=post.pk).get_deferred_fields()
    assert "search_vector" in north_topic.posts.get(pk=post.pk).get_deferred_fields()
    found = selectors.search_posts(operator, "messaggio").get()
    assert "search_vector" in found.get_deferred_fields()


def test_posts_written_in_bulk_are_found(operator, north_topic):
    Post.objects.bulk_create(
        Post(topic=north_topic, author=operator, source=f"Bozza numero {n}", html="")
        for n in range(3)
    )
    assert selectors.search_posts(operator, "bozza").count() == 3


def verbale_numbers(response) -> list[int]:
    """The number of each «Verbale di riunione numero N» found, in the page's order."""
    return [int(excerpt.rstrip(".").rsplit(" ", 1)[1]) for excerpt in results(response)]


def page_links(response) -> list[str]:
    soup = BeautifulSoup(response.content, "html.parser")
    return [link["href"] for link in soup.select("nav[aria-label=Paginazione] a.page-link")]


@pytest.fixture
def twenty_five_verbali(operator, north_topic):
    """Twenty-five posts that match «verbale» alike: the newest comes first."""
    for number in range(25):
        reply(north_topic, operator, f"Verbale di riunione numero {number}.")


def test_results_come_ten_a_page_as_moodles_forum_search(client, operator, twenty_five_verbali):
    client.force_login(operator)
    first = client.get("/forum/cerca/?q=verbale")
    assert "25 messaggi trovati" in text_of(first)
    assert verbale_numbers(first) == list(range(24, 14, -1))
    # Each link keeps the query and names its page; the current page is marked.
    assert "?page=2&q=verbale" in page_links(first)
    assert "?page=3&q=verbale" in page_links(first)
    current = BeautifulSoup(first.content, "html.parser").select_one("a[aria-current=page]")
    assert current.get_text(" ", strip=True) == "Pagina 1"


def test_the_second_and_last_pages_hold_the_rest(client, operator, twenty_five_verbali):
    client.force_login(operator)
    second = client.get("/forum/cerca/?q=verbale&page=2")
    assert verbale_numbers(second) == list(range(14, 4, -1))
    third = client.get("/forum/cerca/?q=verbale&page=3")
    assert verbale_numbers(third) == [4, 3, 2, 1, 0]
    assert "25 messaggi trovati" in text_of(third)


@pytest.mark.parametrize("page", ["4", "999", "0", "-1"])
def test_a_page_out_of_range_shows_the_last_one(client, operator, twenty_five_verbali, page):
    client.force_login(operator)
    response = client.get(f"/forum/cerca/?q=verbale&page={page}")
    assert response.status_code == 200
    assert verbale_numbers(response) == [4, 3, 2, 1, 0]


@pytest.mark.parametrize("page", ["", "due", "2.5", "%00", "1e3"])
def test_a_malformed_page_shows_the_first_one(client, operator, twenty_five_verbali, page):
    client.force_login(operator)
    response = client.get(f"/forum/cerca/?q=verbale&page={page}")
    assert response.status_code == 200
    assert verbale_numbers(response) == list(range(24, 14, -1))


def test_a_single_page_has_no_pager(client, operator, north_topic):
    reply(north_topic, operator, "Verbale unico.")
    client.force_login(operator)
    response = client.get("/forum/cerca/?q=verbale&page=2")
    assert len(results(response)) == 1
    assert page_links(response) == []


def test_each_result_shows_its_post_topic_forum_and_author(client, operator, coach, north_topic):
    first = reply(north_topic, coach, "Il tirocinio di Marco parte lunedì.")
    second = reply(north_topic, operator, "Il tirocinio di Anna è finito.")
    Post.objects.filter(pk=second.pk).update(author=None)
    client.force_login(operator)
    response = client.get("/forum/cerca/?q=tirocinio")
    items = BeautifulSoup(response.content, "html.parser").select(".forum-results li")
    links = [item.select_one("h3 a") for item in items]
    assert {link["href"] for link in links} == {
        reverse("forums:post", kwargs={"pk": post.pk}) for post in (first, second)
    }
    assert {link.get_text() for link in links} == {north_topic.title}
    meta = {
        link["href"]: " ".join(item.select_one(".forum-meta").get_text().split())
        for link, item in zip(links, items, strict=True)
    }
    coach_meta = meta[reverse("forums:post", kwargs={"pk": first.pk})]
    assert coach_meta.startswith(f"{coach} ·") and coach_meta.endswith(north_topic.forum.title)
    assert meta[reverse("forums:post", kwargs={"pk": second.pk})].startswith("una persona ·")


def test_each_result_dates_its_post_in_rome_and_names_an_erased_author(
    client, operator, coach, north_topic
):
    post = reply(north_topic, coach, "Il tirocinio riparte a marzo.")
    Post.objects.filter(pk=post.pk).update(created_at=datetime(2026, 3, 1, 9, 5, tzinfo=UTC))
    type(coach).objects.filter(pk=coach.pk).update(erased_at=datetime(2026, 4, 1, tzinfo=UTC))
    client.force_login(operator)
    item = BeautifulSoup(client.get("/forum/cerca/?q=tirocinio").content, "html.parser").select_one(
        ".forum-results li"
    )
    time = item.select_one(".forum-meta time")
    assert time["datetime"] == "2026-03-01T10:05:00+01:00"
    assert time.get_text() == "01/03/2026 10:05"
    assert " ".join(item.select_one(".forum-meta").get_text().split()).startswith(
        "Utente rimosso ·"
    )


def test_a_posts_text_keeps_its_blocks_apart_and_its_inline_words_whole():
    html = render_markdown(
        '[a>b](https://x.it/?q=1&r=2 "t>x") e **c**:\n\n- d\n- e\n\n`<p>x</p>`'
    ).html
    assert plain_text(html) == "a>b e c: d e <p>x</p>"


def test_an_excerpt_is_escaped_once_around_its_marks():
    excerpt = snippet('Il <lavoro> & \x02i "lavori"\x03', ["lavoro"])
    assert excerpt == "Il &lt;<mark>lavoro</mark>&gt; &amp; i &quot;<mark>lavori</mark>&quot;"


def test_results_load_only_what_they_show(operator, north_topic):
    """A result's Markdown source and its author's account are never read."""
    reply(north_topic, operator, "Un messaggio sul colloquio.")
    found = selectors.search_posts(operator, "colloquio").get()
    assert "source" in found.get_deferred_fields()
    assert "password" in found.author.get_deferred_fields()
    assert str(found.author) == str(operator)


def test_excerpts_mark_each_querys_own_words(client, operator, north_topic):
    """The words' pattern is built once per query, not once per page of a server's life."""
    reply(north_topic, operator, "Il colloquio di gruppo e il tirocinio estivo.")
    client.force_login(operator)
    page = client.get("/forum/cerca/?q=colloquio").content.decode()
    assert "<mark>colloquio</mark>" in page and "<mark>tirocinio</mark>" not in page
    page = client.get("/forum/cerca/?q=tirocinio").content.decode()
    assert "<mark>tirocinio</mark>" in page and "<mark>colloquio</mark>" not in page


def test_excerpts_escape_what_people_wrote(client, operator, north_topic):
    reply(north_topic, operator, "Vedi `<script>alert(1)</script>` nel modulo di profilazione.")
    client.force_login(operator)
    page = client.get("/forum/cerca/?q=modulo").content.decode()
    assert "<script>alert(1)" not in page
    assert "&lt;script&gt;" in page


@pytest.mark.sqlite
def test_sqlite_keeps_its_index_in_step_by_triggers(db):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'forums_post'"
        )
        triggers = {row[0] for row in cursor.fetchall()}
    assert {
        "forums_post_fts_insert",
        "forums_post_fts_update",
        "forums_post_fts_delete",
    } <= triggers


@pytest.mark.postgres
def test_postgresql_keeps_each_posts_words(operator, north_topic):
    post = reply(north_topic, operator, "Il contratto di ricollocazione.")
    services.post_edit(post=post, editor=operator, source="I tirocini estivi.")
    (words,) = Post.objects.filter(pk=post.pk).values_list("search_vector", flat=True)
    assert "tirocin" in words and "contratt" not in words


@pytest.mark.sqlite
def test_sqlite_leaves_the_words_column_empty(operator, north_topic):
    post = reply(north_topic, operator, "Il contratto di ricollocazione.")
    assert Post.objects.filter(pk=post.pk).values_list("search_vector", flat=True).get() is None


@pytest.mark.postgres
def test_postgresql_searches_through_the_gin_index(operator):
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'forums_post'")
        definitions = dict(cursor.fetchall())
    assert "gin (search_vector)" in definitions["forums_post_search_vector_idx"]
    # The expression index it replaced is gone: one index to keep current, not two.
    assert "forums_post_search_idx" not in definitions
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
    plan = selectors.search_posts(operator, "contratti").explain()
    assert "forums_post_search_vector_idx" in plan
