"""The pages of issue 19's table, found in a seeded demo database, and their query counts.

``pages()`` needs Django set up on the seeded database; ``count_queries()`` asks each
page through the test client, logged in as its demo account, and counts the SQL
queries of the second request (the first warms the per-process caches).
"""

from dataclasses import dataclass

OPERATOR = "operatore@aula.example"
COACH = "coach@aula.example"


@dataclass(frozen=True)
class BenchPage:
    label: str
    url: str
    email: str | None = None  # the demo account that asks for it; None: anonymous


def pages() -> list[BenchPage]:
    from django.contrib.auth import get_user_model
    from django.db.models import Count
    from django.urls import reverse

    from certificates.models import Certificate
    from courses.models import Course
    from forums import permissions as forum_permissions
    from forums.models import Topic
    from forums.selectors import POSTS_PER_PAGE
    from learning.models import Activity
    from website.cms.models import NewsPage, RegulationIndexPage, RegulationPage

    operator = get_user_model().objects.get(email=OPERATOR)
    course = (
        Course.objects.filter(editions__enrolments__user=operator, sections__isnull=False)
        .distinct()
        .order_by("code")
        .first()
    )
    topics = Topic.objects.select_related("forum").annotate(size=Count("posts")).order_by("-size")
    readable = [t for t in topics if forum_permissions.can_read_forum(operator, t.forum)]
    # A topic that fits on one page; the long one (seed_demo --scale 100 writes a thread of
    # 240 posts) has rows of its own, its first and its last page.
    topic = next(t for t in readable if t.size <= POSTS_PER_PAGE)
    long_topic = next((t for t in readable if t.size > POSTS_PER_PAGE), None)
    activity = Activity.objects.filter(section__course=course).first()
    certificate = Certificate.objects.order_by("pk").first()
    found = [
        BenchPage("/healthz", "/healthz"),
        BenchPage("home (anonymous)", "/"),
        BenchPage("a news page", NewsPage.objects.live().order_by("pk").first().url),
        BenchPage("the act index", RegulationIndexPage.objects.live().first().url),
        BenchPage("an act", RegulationPage.objects.live().order_by("pk").first().url),
        BenchPage("course catalogue", reverse("courses:index")),
        BenchPage("a course page", course.get_absolute_url()),
        BenchPage("a course page (logged in)", course.get_absolute_url(), OPERATOR),
        BenchPage("learner dashboard", reverse("courses:dashboard"), OPERATOR),
        BenchPage("forum index (logged in)", reverse("forums:index"), OPERATOR),
        BenchPage("a forum topic (logged in)", topic.get_absolute_url(), OPERATOR),
        BenchPage("site search ?q=lavoro", reverse("cms:search") + "?q=lavoro"),
        BenchPage(
            "certificate verification",
            reverse("certificates:verify_code", args=[certificate.code]),
        ),
        BenchPage(
            "training record (logged in)",
            reverse("reports:training_record", args=[operator.pk]),
            OPERATOR,
        ),
        BenchPage("quality index (coach)", reverse("quality:index"), COACH),
    ]
    if long_topic is not None:
        found += [
            BenchPage(
                f"a long topic, first page ({long_topic.size} posts, logged in)",
                long_topic.get_absolute_url(),
                OPERATOR,
            ),
            BenchPage(
                f"a long topic, last page ({long_topic.size} posts, logged in)",
                f"{long_topic.get_absolute_url()}?page=ultima",
                OPERATOR,
            ),
        ]
    if activity is not None:
        found.append(
            BenchPage(
                "an online activity (logged in)",
                reverse("learning:activity", args=[activity.pk]),
                OPERATOR,
            )
        )
    return found


def count_queries(page: BenchPage) -> tuple[int, list[str]]:
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    if page.email:
        client.force_login(get_user_model().objects.get(email=page.email))
    client.get(page.url)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(page.url)
    assert response.status_code == 200, (page.url, response.status_code)
    return len(captured.captured_queries), [q["sql"] for q in captured.captured_queries]
