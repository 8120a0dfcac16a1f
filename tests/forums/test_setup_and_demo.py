"""Forums that exist by themselves, handles, the admin back office and the demo data."""

import datetime
import itertools

from courses.models import Edition
from demo import forums as forums_demo
from forums import selectors, services
from forums.models import Forum, ForumProfile, ModerationAction, Post, Topic
from website.accounts.models import Cluster
from website.accounts.roles import Role

from .conftest import enrol, make_edition
from .test_counters import assert_consistent


def test_the_community_and_announcement_forums_exist_from_the_start(db):
    assert Forum.objects.get(slug="comunita").kind == Forum.Kind.COMMUNITY
    assert Forum.objects.get(slug="avvisi").is_announcements


def test_a_new_cluster_and_a_new_edition_get_their_forum(org, course, teacher):
    cluster = Cluster.objects.create(region=org["region"], name="Trapani", code="prova-tp")
    forum = Forum.objects.get(cluster=cluster)
    assert (forum.kind, forum.slug, forum.title) == (
        "cluster",
        "cluster-prova-tp",
        "Cluster Trapani",
    )
    edition = make_edition(course, cluster, "UD1-TP-01", teacher)
    forum = Forum.objects.get(edition=edition)
    assert forum.kind == "edition" and forum.slug == "edizione-UD1-TP-01"
    assert course.title in forum.description
    edition.capacity = 12
    edition.save()  # saving again creates nothing more
    assert Forum.objects.filter(edition=edition).count() == 1


def test_people_get_distinct_handles(make_user):
    first = make_user(first_name="Maria Grazia", last_name="D'Amico")
    second = make_user(first_name="Maria Grazia", last_name="D'Amico")
    nameless = make_user(first_name="", last_name="")
    assert ForumProfile.objects.get(user=first).handle == "maria-grazia.damico"
    assert ForumProfile.objects.get(user=second).handle == "maria-grazia.damico2"
    assert ForumProfile.objects.get(user=nameless).handle == f"utente{nameless.pk}"


def test_training_managers_manage_forums_in_the_admin(client, training_manager, operator):
    client.force_login(training_manager)
    assert client.get("/admin/forum/forum/").status_code == 200
    response = client.post(
        "/admin/forum/forum/new/",
        {
            "title": "Normativa e circolari",
            "slug": "normativa",
            "description": "Domande sulle novità normative.",
            "position": 15,
        },
    )
    assert response.status_code == 302
    forum = Forum.objects.get(slug="normativa")
    assert forum.kind == Forum.Kind.COMMUNITY
    response = client.post(
        "/admin/forum/forum/new/", {"title": "Ricerca", "slug": "cerca", "position": 1}
    )
    assert response.status_code == 200 and not Forum.objects.filter(slug="cerca").exists()
    client.force_login(operator)
    assert client.get("/admin/forum/forum/").status_code == 302


def test_the_moderation_log_is_read_only_even_for_superusers(
    client, training_manager, cluster_lead, north_topic, make_user
):
    services.topic_set_flag(topic=north_topic, actor=cluster_lead, flag="is_pinned", value=True)
    action = ModerationAction.objects.get()
    client.force_login(training_manager)
    listing = client.get("/admin/forum/registro/")
    assert listing.status_code == 200 and "Messa in evidenza" in listing.content.decode()
    assert client.get(f"/admin/forum/registro/inspect/{action.pk}/").status_code == 200
    client.force_login(make_user(superuser=True))
    assert client.get(f"/admin/forum/registro/edit/{action.pk}/").status_code in (302, 403)
    assert client.post(f"/admin/forum/registro/delete/{action.pk}/").status_code in (302, 403)
    assert ModerationAction.objects.filter(pk=action.pk).exists()


def seed():
    forums_demo.seed(scale=1, log=lambda message: None)


def test_the_demo_writes_the_discussions_once(demo_db, transactional_db):
    assert Forum.objects.filter(kind="cluster").count() == 12
    community = Forum.objects.get(slug="comunita")
    assert community.topic_count >= 10
    posts = Post.objects.count()
    assert posts >= 150
    assert Post.objects.filter(author__email="operatore@aula.example").exists()
    assert Post.objects.filter(author__email="docente@aula.example").exists()
    assert Post.objects.filter(mentions__isnull=False).exists()
    assert Topic.objects.filter(title__icontains="ricollocazione").exists()
    assert Topic.objects.filter(title__icontains="accesso").exists()
    # The long thread is for load tests only (--scale 100).
    assert not Topic.objects.filter(title=forums_demo.TEXTS.long_thread["title"]).exists()
    assert_consistent()
    # Every author may read the forum they wrote in.
    for post in Post.objects.select_related("topic__forum", "author")[:400]:
        assert services.permissions.can_read_forum(post.author, post.topic.forum), post
    # The moderators find something to do: a report in Palermo Città, a newcomer waiting.
    from website.accounts.models import User

    reported, _pending, _log = selectors.moderation_queue(
        User.objects.get(email="responsabile@aula.example")
    )
    assert [item.post.topic.forum.cluster.code for item in reported] == ["pa-citta"]
    _reported, pending, _log = selectors.moderation_queue(
        User.objects.get(email="gestore@aula.example")
    )
    assert [post.topic.forum.slug for post in pending] == ["comunita"]
    seed()
    assert Post.objects.count() == posts


def test_the_demo_writes_edition_discussions_among_participants(demo_db, transactional_db):
    from courses.models import Course, Programme
    from website.accounts.models import User

    programme = Programme.objects.create(
        title="Piano",
        slug="piano",
        starts_on=datetime.date(2026, 1, 1),
        ends_on=datetime.date(2026, 12, 31),
    )
    course = Course.objects.create(programme=programme, code="UD1", title="Accesso", slug="ud1")
    cluster = Cluster.objects.get(code="pa-citta")
    edition = make_edition(
        course, cluster, "UD1-PA-01", User.objects.get(email="docente@aula.example")
    )
    for person in User.objects.filter(centre__cluster=cluster, groups__role__code=Role.OPERATOR)[
        :3
    ]:
        enrol(person, edition)
    seed()
    forum = Forum.objects.get(edition=edition)
    assert forum.topic_count == 2 and forum.post_count >= 5
    assert_consistent()
    # The courses demo's editions got their forums and discussions too.
    demo_editions = (
        Edition.objects.exclude(pk=edition.pk).filter(enrolments__status="approved").distinct()
    )
    assert demo_editions.exists()
    for demo_edition in demo_editions:
        assert Forum.objects.get(edition=demo_edition).topic_count >= 1, demo_edition


def test_the_demo_at_scale_100_has_a_thread_of_many_pages(make_user, community):
    voices = [make_user(role=Role.OPERATOR, email=f"voce{n}@example.org") for n in range(6)]
    now = datetime.datetime(2026, 6, 1, 9, 12, tzinfo=datetime.UTC)
    written = forums_demo._seed_long_thread(voices, now)
    services.forum_recount(forum=community)
    topic = Topic.objects.get(forum=community, title=forums_demo.TEXTS.long_thread["title"])
    posts = list(topic.posts.order_by("id"))
    assert written == len(posts) == forums_demo.LONG_THREAD_POSTS >= 200
    assert topic.post_count == len(posts) and topic.last_post_id == posts[-1].pk
    assert len({post.source for post in posts}) >= 200  # varied, not one text repeated
    assert all(a.source != b.source for a, b in itertools.pairwise(posts))
    assert [post.created_at for post in posts] == sorted(post.created_at for post in posts)
    assert {post.author_id for post in posts} == {voice.pk for voice in voices}
    assert all(post.html.startswith("<p>") for post in posts)
    assert forums_demo._seed_long_thread(voices, now) == 0  # once only
    assert_consistent()
