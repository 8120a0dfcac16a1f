"""Forum pages make the same number of queries whatever the number of forums, topics and posts."""

from django.utils import timezone

from courses.models import Course
from forums import services
from forums.markup import render_markdown
from forums.models import Forum, Post, Reaction, Topic
from tests.forums import conftest as forum_fixtures
from tests.forums.conftest import enrol, make_edition
from tests.perf.helpers import PAGE_CEILING, assert_same_queries

TOPIC_PAGE = PAGE_CEILING

# The forum fixtures, by name.
programme = forum_fixtures.programme
north_forum = forum_fixtures.north_forum
north_topic = forum_fixtures.north_topic


def add_posts(topic, authors, count):
    html = render_markdown("Una risposta con **grassetto** e un [link](https://www.gov.it).").html
    now = timezone.now()
    posts = Post.objects.bulk_create(
        Post(
            topic=topic,
            author=authors[n % len(authors)],
            source="Risposta",
            html=html,
            created_at=now,
        )
        for n in range(count)
    )
    Reaction.objects.bulk_create(
        Reaction(post=post, user=authors[0], kind="useful")
        for post in posts[::7]
        if post.author_id != authors[0].pk
    )
    services.forum_recount(forum=topic.forum)


def test_topic_page_with_20_and_2000_posts(client, operator, coach, cluster_lead, north_topic):
    add_posts(north_topic, [coach, cluster_lead, operator], 19)
    assert north_topic.posts.count() == 20
    client.force_login(operator)
    _queries, response = assert_same_queries(
        client,
        north_topic.get_absolute_url(),
        lambda: add_posts(north_topic, [coach, cluster_lead, operator], 1980),
        at_most=TOPIC_PAGE,
        writes_nothing=True,
    )
    assert north_topic.posts.count() == 2000
    assert 'aria-label="Paginazione"' in response.content.decode()
    # The same on the last page, as a moderator.
    client.force_login(cluster_lead)
    assert_same_queries(
        client,
        f"{north_topic.get_absolute_url()}?page=ultima",
        lambda: add_posts(north_topic, [coach, operator], 40),
    )


def test_a_long_topics_last_page_with_240_and_2000_posts(client, operator, coach, north_topic):
    """The page bench's long topic (seed_demo --scale 100: 240 posts), read to its end."""
    add_posts(north_topic, [coach, operator], 239)
    assert north_topic.posts.count() == 240
    client.force_login(operator)
    _queries, response = assert_same_queries(
        client,
        f"{north_topic.get_absolute_url()}?page=ultima",
        lambda: add_posts(north_topic, [coach, operator], 1760),
        at_most=TOPIC_PAGE,
        writes_nothing=True,
    )
    assert north_topic.posts.count() == 2000
    assert response.context["page_obj"].number == 100
    assert response.context["is_last_page"]


def test_forum_topic_list_does_not_grow_with_topics(client, operator, coach, north_forum):
    def grow():
        for number in range(30):
            topic = services.topic_create(
                forum=north_forum, author=coach, title=f"Discussione {number}", source="Testo"
            )
            add_posts(topic, [operator, coach], 3)

    grow()
    client.force_login(operator)
    assert_same_queries(client, f"/forum/{north_forum.slug}/", grow)


def test_forum_index_does_not_grow_with_forums_or_topics(
    client, operator, coach, teacher, org, programme, north_forum
):
    def grow():
        number = Forum.objects.count()
        course = Course.objects.create(
            programme=programme, code=f"UD{number}", title="Unità", slug=f"ud-{number}"
        )
        edition = make_edition(course, org["north"], f"UD{number}-PA-01", teacher)
        enrol(operator, edition)
        forum = Forum.objects.get(edition=edition)
        for index in range(3):
            topic = services.topic_create(
                forum=forum, author=teacher, title=f"Tema {number}-{index}", source="Testo"
            )
            add_posts(topic, [operator, teacher], 2)
        services.topic_create(forum=north_forum, author=coach, title=f"Altro {number}", source="x")

    grow()
    client.force_login(operator)
    assert_same_queries(client, "/forum/", grow, at_most=PAGE_CEILING)
    assert Topic.objects.count() > 6


def test_search_results_do_not_grow_with_matches(client, operator, coach, north_topic):
    add_posts(north_topic, [coach], 5)
    client.force_login(operator)
    assert_same_queries(
        client,
        "/forum/cerca/?q=risposte",
        lambda: add_posts(north_topic, [coach], 100),
        at_most=PAGE_CEILING,
    )


def test_moderation_queue_does_not_grow_with_reports(
    client, operator, coach, cluster_lead, north_topic
):
    from forums.models import Report

    def report_some():
        add_posts(north_topic, [coach, operator], 6)
        for post in north_topic.posts.order_by("-pk")[:6]:
            services.post_report(
                post=post,
                reporter=coach if post.author_id != coach.pk else operator,
                reason=Report.Reason.choices[0][0],
                note="Dati personali di un utente del centro",
            )

    report_some()
    client.force_login(cluster_lead)
    _queries, response = assert_same_queries(client, "/forum/moderazione/", report_some)
    assert response.content.decode().count("Dati personali di un utente del centro") >= 12


def test_mention_suggestions_do_not_grow_with_the_forums_people(client, operator, org, north_topic):
    """Readers are one query with subqueries, whatever the number of people (at most 8 shown)."""
    from website.accounts.models import User

    def grow():
        start = User.objects.count()
        for number in range(12):
            User.objects.create_user(
                email=f"marta{start + number}@example.org",
                first_name="Marta",
                last_name=f"Rossi{start + number}",
                centre=org["pa2"],
            )

    grow()
    client.force_login(operator)
    _queries, response = assert_same_queries(
        client, f"/forum/discussioni/{north_topic.pk}/persone/?q=mar", grow, at_most=PAGE_CEILING
    )
    assert len(response.json()["results"]) == 8
