"""Demo forums: the community, the announcements, the 12 cluster forums and the
edition forums of the demo programme, with discussions written for this project.

Idempotent: forums, profiles and personas are ensured, and a thread is written
only when its forum has no topic of that title yet. Posts are written with
their historical dates, so the demo bypasses the services (no notifications or
emails for the past) and recounts every forum at the end.
"""

from datetime import timedelta
from itertools import pairwise

from django.utils import timezone

from courses.models import Edition, Enrolment
from demo import texts
from forums import permissions, services
from forums.models import Forum, ForumProfile, Post, Reaction, Report, Subscription, Topic
from forums.naming import ANNOUNCEMENTS_SLUG, COMMUNITY_SLUG
from website.accounts.models import Cluster, User
from website.accounts.roles import Role, role_group

TEXTS = texts.load("forums")

DEMO_ACCOUNTS = {
    "operatore": "operatore@aula.example",
    "responsabile": "responsabile@aula.example",
    "dirigente": "dirigente@aula.example",
    "coach": "coach@aula.example",
    "docente": "docente@aula.example",
    "gestore": "gestore@aula.example",
    "redattore": "redattore@aula.example",
}
PERSONAS_PER_CLUSTER = 4
# From this scale on, the community holds one thread long enough for many pages,
# so the load tests measure a long topic's first and last page.
LONG_THREAD_SCALE = 100
LONG_THREAD_POSTS = 240


def _slug(text):
    return text.lower().replace(" ", "").replace("'", "")


def persona(number):
    """The number-th persona: (first name, surname, job title), all distinct up to 256."""
    first_names, surnames = TEXTS.persona_first_names, TEXTS.persona_surnames
    first, feminine = first_names[number % len(first_names)]
    surname = surnames[(number // len(first_names) + number) % len(surnames)]
    job = TEXTS.persona_jobs[number % len(TEXTS.persona_jobs)][1 if feminine else 0]
    return first, surname, job


def _personas(cluster, index):
    """Staff of the cluster's centres; personas stand in where there are too few."""
    staff = list(
        User.objects.filter(centre__cluster=cluster, is_active=True)
        .exclude(email__in=DEMO_ACCOUNTS.values())
        .order_by("pk")[:PERSONAS_PER_CLUSTER]
    )
    centres = list(cluster.centres.order_by("code"))
    operators = role_group(Role.OPERATOR)
    number = 0
    while len(staff) < PERSONAS_PER_CLUSTER:
        first, last, job = persona(index * PERSONAS_PER_CLUSTER + number)
        centre = centres[number % len(centres)]
        # Voices in the demo discussions, not logins: no password to hash.
        user, created = User.objects.get_or_create(
            email=f"{_slug(first)}.{_slug(last)}@cpi.aula.example",
            defaults={"first_name": first, "last_name": last, "job_title": job, "centre": centre},
        )
        if created:
            user.set_unusable_password()
            user.save(update_fields=["password"])
            user.groups.add(operators)
        if user not in staff:
            staff.append(user)
        number += 1
    return staff


_readable: dict[int, set[int]] = {}


def _may_read(person, forum) -> bool:
    if person.pk not in _readable:
        _readable[person.pk] = set(permissions.readable_forums(person).values_list("pk", flat=True))
    return forum.pk in _readable[person.pk]


def _cast(forum, wanted, fallbacks):
    """Fill each slot with the wanted person if they may read the forum, else a fallback."""
    cast, spare = {}, list(fallbacks)
    for slot, person in wanted.items():
        if person is not None and person.is_active and _may_read(person, forum):
            cast[slot] = person
        else:
            cast[slot] = spare.pop(0) if spare else fallbacks[0]
    return cast


def _handles(cast):
    profiles = {
        p.user_id: p.handle
        for p in ForumProfile.objects.filter(user__in=[person.pk for person in cast.values()])
    }
    return {slot: profiles.get(person.pk, "") for slot, person in cast.items()}


def _write_thread(forum, thread, cast, *, start, step_minutes=97) -> int:
    """Write one thread unless its forum already has it; returns the posts written."""
    if Topic.objects.filter(forum=forum, title=thread["title"]).exists():
        return 0
    handles = _handles(cast)
    first_author = cast[thread["posts"][0][0]]
    topic = Topic.objects.create(
        forum=forum,
        title=thread["title"],
        author=first_author,
        created_at=start,
        last_post_at=start,
        is_pinned=thread.get("pinned", False),
        is_locked=thread.get("locked", False),
    )
    written = []
    for number, (slot, text) in enumerate(thread["posts"]):
        source = text.format(**handles)
        rendered, mentioned = services.render_source(source)
        post = Post.objects.create(
            topic=topic,
            author=cast[slot],
            source=source,
            html=rendered.html,
            created_at=start + timedelta(minutes=step_minutes * number),
        )
        post.mentions.set(mentioned)
        written.append(post)
        Subscription.objects.get_or_create(user=cast[slot], topic=topic, forum=None)
    # Replies that answered a question are found useful by the one who asked.
    for earlier, later in pairwise(written):
        if earlier.author_id != later.author_id and "?" in earlier.source:
            Reaction.objects.get_or_create(
                post=later, user=earlier.author, kind=Reaction.Kind.USEFUL
            )
    return len(written)


def _long_thread_text(number: int) -> str:
    thread = TEXTS.long_thread
    openings, middles, closings = thread["openings"], thread["middles"], thread["closings"]
    return " ".join(
        (
            openings[number % len(openings)],
            middles[(5 * number + number // len(middles)) % len(middles)],
            closings[(7 * number + number // len(closings)) % len(closings)],
        )
    )


def _seed_long_thread(voices, now) -> int:
    """One community thread of LONG_THREAD_POSTS posts, written in bulk."""
    community = Forum.objects.get(slug=COMMUNITY_SLUG)
    title = TEXTS.long_thread["title"]
    if Topic.objects.filter(forum=community, title=title).exists():
        return 0
    start = now - timedelta(days=120)
    topic = Topic.objects.create(
        forum=community, title=title, author=voices[0], created_at=start, last_post_at=start
    )
    posts = []
    for number in range(LONG_THREAD_POSTS):
        source = _long_thread_text(number)
        posts.append(
            Post(
                topic=topic,
                author=voices[number % len(voices)],
                source=source,
                html=services.render_source(source)[0].html,
                created_at=start + timedelta(hours=7 * number),
            )
        )
    Post.objects.bulk_create(posts)
    Subscription.objects.bulk_create(
        [Subscription(user=voice, topic=topic) for voice in voices], ignore_conflicts=True
    )
    return len(posts)


def _ensure_forums_and_profiles():
    services.forum_ensure_defaults()
    for cluster in Cluster.objects.filter(forum__isnull=True):
        services.forum_ensure_for_cluster(cluster)
    for edition in Edition.objects.filter(forum__isnull=True).select_related("course"):
        services.forum_ensure_for_edition(edition)
    for user in User.objects.filter(forum_profile__isnull=True):
        services.forum_profile_ensure(user=user)


def _seed_community(accounts, voices, now, scale) -> int:
    community = Forum.objects.get(slug=COMMUNITY_SLUG)
    announcements = Forum.objects.get(slug=ANNOUNCEMENTS_SLUG)
    wanted = {**accounts, **{f"p{number + 1}": voice for number, voice in enumerate(voices)}}
    written = 0
    for round_number in range(scale):
        for index, thread in enumerate(TEXTS.community_threads):
            if round_number:
                thread = {**thread, "title": f"{thread['title']} ({round_number + 1})"}
            start = now - timedelta(days=70 - 5 * index - round_number, minutes=11 * index)
            written += _write_thread(
                community, thread, _cast(community, wanted, voices), start=start
            )
    for index, thread in enumerate(TEXTS.announcement_threads):
        start = now - timedelta(days=80 - 20 * index)
        written += _write_thread(
            announcements, thread, _cast(announcements, wanted, voices), start=start
        )
    return written


def _seed_clusters(accounts, now) -> int:
    written = 0
    for index, cluster in enumerate(Cluster.objects.order_by("code")):
        forum = Forum.objects.get(cluster=cluster)
        staff = _personas(cluster, index)
        wanted = {
            "lead": cluster.leads.order_by("pk").first() or staff[0],
            "op1": accounts["operatore"] if cluster.code == "pa-citta" else staff[1],
            "op2": staff[2],
            "op3": staff[3],
            "coach": cluster.coaches.order_by("pk").first() or staff[0],
            "dirigente": accounts["dirigente"],
            "docente": accounts["docente"],
        }
        cast = _cast(forum, wanted, staff)
        for offset, thread_index in enumerate((index, index + 12)):
            thread = TEXTS.cluster_threads[thread_index % len(TEXTS.cluster_threads)]
            start = now - timedelta(days=50 - 12 * offset - index, minutes=17 * index)
            written += _write_thread(forum, thread, cast, start=start)
    return written


def _seed_editions(accounts, now) -> int:
    written = 0
    editions = Edition.objects.select_related("course").order_by("starts_on", "code")
    for index, edition in enumerate(editions):
        forum = Forum.objects.get(edition=edition)
        teacher = edition.teachers.order_by("pk").first()
        if teacher is None:
            continue
        participants = list(
            User.objects.filter(
                enrolments__edition=edition, enrolments__status=Enrolment.Status.APPROVED
            ).order_by("pk")[:3]
        )
        start = now - timedelta(days=40 - index)
        welcome = {
            "title": "Benvenute e benvenuti",
            "pinned": True,
            "posts": [
                (
                    "teacher",
                    TEXTS.edition_welcome.format(edition=edition.code, course=edition.course.title),
                )
            ],
        }
        written += _write_thread(forum, welcome, {"teacher": teacher}, start=start)
        if len(participants) >= 3:
            cast = {"teacher": teacher}
            cast.update({f"participant{n + 1}": person for n, person in enumerate(participants)})
            thread = TEXTS.edition_threads[index % len(TEXTS.edition_threads)]
            written += _write_thread(forum, thread, cast, start=start + timedelta(days=3))
    return written


def _seed_moderation(accounts, now) -> int:
    """A reported post in Palermo Città and a newcomer's topic waiting in the community."""
    written = 0
    palermo = Forum.objects.filter(cluster__code="pa-citta").first()
    topic = palermo.topics.order_by("created_at").first() if palermo else None
    if topic is not None and not Post.objects.filter(source=TEXTS.reported_post).exists():
        author = _personas(palermo.cluster, 0)[2]
        rendered, _mentioned = services.render_source(TEXTS.reported_post)
        post = Post.objects.create(
            topic=topic,
            author=author,
            source=TEXTS.reported_post,
            html=rendered.html,
            created_at=now - timedelta(days=1, hours=2),
        )
        Report.objects.create(
            post=post,
            reporter=accounts["coach"],
            reason=Report.Reason.PERSONAL_DATA,
            note=TEXTS.report_note,
        )
        written += 1
    community = Forum.objects.get(slug=COMMUNITY_SLUG)
    first, last, job = TEXTS.newcomer
    newcomer, created = User.objects.get_or_create(
        email=f"{_slug(first)}.{_slug(last)}@cpi.aula.example",
        defaults={
            "first_name": first,
            "last_name": last,
            "job_title": job,
            "centre": accounts["operatore"].centre,
        },
    )
    if created:
        newcomer.set_unusable_password()
        newcomer.save(update_fields=["password"])
        newcomer.groups.add(role_group(Role.OPERATOR))
    if _write_thread(
        community, TEXTS.newcomer_topic, {"newcomer": newcomer}, start=now - timedelta(hours=3)
    ):
        Topic.objects.filter(forum=community, title=TEXTS.newcomer_topic["title"]).update(
            is_approved=False
        )
        Post.objects.filter(topic__title=TEXTS.newcomer_topic["title"]).update(is_approved=False)
        written += 1
    return written


def seed(*, scale, log):
    _readable.clear()
    _ensure_forums_and_profiles()
    accounts = {
        slot: User.objects.filter(email=email).first() for slot, email in DEMO_ACCOUNTS.items()
    }
    clusters = list(Cluster.objects.order_by("code"))
    voices = [_personas(cluster, index)[1] for index, cluster in enumerate(clusters)][:6]
    if len(voices) < 6 or any(person is None for person in accounts.values()):
        log("Forums: demo accounts or clusters missing, discussions skipped")
        return
    # Threads start in office hours; replies follow through the day.
    now = timezone.localtime().replace(hour=9, minute=12, second=0, microsecond=0)
    written = _seed_community(accounts, voices, now, scale)
    written += _seed_clusters(accounts, now)
    written += _seed_editions(accounts, now)
    written += _seed_moderation(accounts, now)
    if scale >= LONG_THREAD_SCALE:
        written += _seed_long_thread(voices, now)
    _ensure_forums_and_profiles()  # personas created above get their profiles
    for forum in Forum.objects.all():
        services.forum_recount(forum=forum)
    palermo = Forum.objects.filter(cluster__code="pa-citta").first()
    for slot in ("operatore", "responsabile", "coach", "dirigente"):
        if palermo is not None:
            Subscription.objects.get_or_create(user=accounts[slot], forum=palermo, topic=None)
    log(
        f"Forums: {Forum.objects.count()} forums, {Topic.objects.count()} topics, "
        f"{Post.objects.count()} posts ({written} written now)"
    )
