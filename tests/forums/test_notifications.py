"""Mentions, replies, per-post emails, the daily digest and the one-click unsubscribe link."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from forums import notify, services
from forums.models import ForumProfile, Subscription
from website.core.periodic import registered_jobs


def handle_of(user):
    return ForumProfile.objects.get(user=user).handle


def set_email_mode(user, mode):
    ForumProfile.objects.filter(user=user).update(email_mode=mode)


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """``with committed(execute=True):`` runs what waits for the commit (emails, live pushes)."""
    return django_capture_on_commit_callbacks


def link_in(body, marker):
    match = re.search(r"https?://\S*" + re.escape(marker) + r"\S*", body)
    assert match, body
    return match.group(0).replace("http://testserver", "")


def test_a_mention_notifies_only_people_who_may_read_the_post(
    north_topic, operator, coach, outsider
):
    services.post_create(
        topic=north_topic,
        author=operator,
        source=f"Chiedo a @{handle_of(coach)} e a @{handle_of(outsider)}, e `@{handle_of(coach)}`",
    )
    notification = coach.notifications.get(kind="forum-mention")
    assert notification.title == f"{operator} ti ha menzionato in «{north_topic.title}»"
    assert notification.url.startswith("/forum/messaggi/")
    assert not outsider.notifications.exists()  # cannot read the cluster's forum


def test_a_mention_renders_as_a_mention_only_for_real_handles(north_topic, operator, coach):
    post = services.post_create(
        topic=north_topic, author=operator, source=f"@{handle_of(coach)} e @nessuno.qui"
    )
    assert f'<span class="mention">@{handle_of(coach)}</span>' in post.html
    assert "@nessuno.qui" in post.html and post.html.count("mention") == 1
    assert list(post.mentions.all()) == [coach]


def test_editing_notifies_only_the_newly_mentioned(north_topic, operator, coach, cluster_lead):
    post = services.post_create(topic=north_topic, author=operator, source=f"@{handle_of(coach)}")
    services.post_edit(
        post=post,
        editor=operator,
        source=f"@{handle_of(coach)} e @{handle_of(cluster_lead)}",
    )
    assert coach.notifications.filter(kind="forum-mention").count() == 1
    assert cluster_lead.notifications.filter(kind="forum-mention").count() == 1


def test_the_topic_author_hears_of_replies_once(north_topic, operator, coach):
    services.post_create(topic=north_topic, author=coach, source="Prima risposta")
    services.post_create(topic=north_topic, author=operator, source="Grazie")  # own reply
    assert [n.kind for n in operator.notifications.all()] == ["forum-reply"]
    services.subscription_set(user=operator, topic=north_topic, active=False)
    services.post_create(topic=north_topic, author=coach, source="Seconda risposta")
    assert operator.notifications.count() == 1  # no longer following


def test_notifications_speak_the_recipients_language(north_topic, operator, coach):
    operator.language = "en"
    operator.save()
    services.post_create(topic=north_topic, author=coach, source="Risposta")
    assert operator.notifications.get().title.startswith(f"New reply from {coach}")


def test_per_post_emails_go_to_followers_who_asked_for_them(
    committed, outbox, north_topic, operator, coach, cluster_lead, centre_manager, outsider
):
    set_email_mode(operator, "immediate")  # follows the topic they started
    set_email_mode(cluster_lead, "immediate")
    services.subscription_set(user=cluster_lead, forum=north_topic.forum, active=True)
    set_email_mode(centre_manager, "digest")
    services.subscription_set(user=centre_manager, forum=north_topic.forum, active=True)
    set_email_mode(outsider, "immediate")
    Subscription.objects.create(user=outsider, forum=north_topic.forum)  # no right to read
    outbox.clear()
    with committed(execute=True):
        services.post_create(topic=north_topic, author=coach, source="La **traccia** di colloquio")
    recipients = sorted(address for message in outbox for address in message.to)
    assert recipients == sorted([operator.email, cluster_lead.email])
    message = next(m for m in outbox if m.to == [operator.email])
    assert north_topic.title in message.subject
    assert "La **traccia** di colloquio" in message.body
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert "/forum/disiscrizione/" in message.extra_headers["List-Unsubscribe"]
    assert "questa discussione" in message.body


def test_a_muted_topic_sends_nothing_even_to_forum_followers(
    committed, outbox, north_topic, coach, cluster_lead
):
    set_email_mode(cluster_lead, "immediate")
    services.subscription_set(user=cluster_lead, forum=north_topic.forum, active=True)
    services.subscription_set(user=cluster_lead, topic=north_topic, active=False)
    outbox.clear()
    with committed(execute=True):
        services.post_create(topic=north_topic, author=coach, source="Risposta")
    assert outbox == []


def test_a_post_waiting_for_approval_is_announced_only_when_approved(
    committed, outbox, community, make_user, operator, training_manager
):
    from website.accounts.roles import Role

    topic = services.topic_create(
        forum=community, author=training_manager, title="Domanda in comunità", source="Testo"
    )
    services.subscription_set(user=operator, topic=topic, active=True)
    set_email_mode(operator, "immediate")
    newcomer = make_user(role=Role.OPERATOR, centre=operator.centre)
    outbox.clear()
    with committed(execute=True):
        post = services.post_create(topic=topic, author=newcomer, source=f"@{handle_of(operator)}")
    assert not post.is_approved
    assert outbox == [] and not operator.notifications.exists()
    with committed(execute=True):
        services.post_approve(post=post, actor=training_manager)
    assert [m.to for m in outbox] == [[operator.email]]
    assert operator.notifications.filter(kind="forum-mention").exists()


def test_the_unsubscribe_link_stops_that_subscription_without_logging_in(
    committed, client, outbox, north_topic, operator, coach
):
    set_email_mode(operator, "immediate")
    with committed(execute=True):
        services.post_create(topic=north_topic, author=coach, source="Risposta")
    url = link_in(outbox[-1].body, "/forum/disiscrizione/")
    page = client.get(url)  # not logged in; a link scanner's visit changes nothing
    assert page.status_code == 200 and north_topic.title in page.content.decode()
    assert Subscription.objects.get(user=operator, topic=north_topic).is_active
    response = client.post(url)
    assert response.status_code == 200 and "Non riceverai più email" in response.content.decode()
    assert not Subscription.objects.get(user=operator, topic=north_topic).is_active
    outbox.clear()
    with committed(execute=True):
        services.post_create(topic=north_topic, author=coach, source="Altra risposta")
    assert outbox == []


def test_one_click_unsubscribe_by_the_mail_client_and_from_all_forum_emails(
    committed, client, outbox, north_topic, operator, coach
):
    set_email_mode(operator, "immediate")
    with committed(execute=True):
        services.post_create(topic=north_topic, author=coach, source="Risposta")
    message = outbox[-1]
    header_url = message.extra_headers["List-Unsubscribe"].strip("<>")
    # The mail client's RFC 8058 request: a POST with this body, no cookies, no CSRF token.
    mail_client = client.__class__(enforce_csrf_checks=True)
    response = mail_client.post(header_url, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert not Subscription.objects.get(user=operator, topic=north_topic).is_active
    # The second link in the body stops every forum email.
    links = re.findall(r"http://testserver(/forum/disiscrizione/\S+)", message.body)
    assert len(links) == 2 and links[0] in header_url
    mail_client.post(links[1])
    assert ForumProfile.objects.get(user=operator).email_mode == "off"


@pytest.mark.parametrize("token", ["nonsense", "eyJ1IjoxLCJzIjowfQ:forged:signature"])
def test_a_forged_unsubscribe_link_is_refused(client, operator, token):
    response = client.post(f"/forum/disiscrizione/{token}/")
    assert response.status_code == 404
    assert ForumProfile.objects.get(user=operator).email_mode == "digest"


def test_an_unsubscribe_link_for_someone_elses_subscription_is_refused(
    client, north_topic, operator, coach
):
    subscription = Subscription.objects.get(user=operator, topic=north_topic)
    token = notify.unsubscribe_token(coach, subscription)  # signed, but not coach's
    assert client.post(f"/forum/disiscrizione/{token}/").status_code == 404
    assert Subscription.objects.get(pk=subscription.pk).is_active


def test_the_daily_digest(
    committed, outbox, north_topic, edition_topic, operator, coach, cluster_lead
):
    start = timezone.now()
    assert notify.digests_send_due(now=start) == 0  # the first run only sets the starting point
    services.post_create(topic=north_topic, author=coach, source="Novità sul **patto di servizio**")
    services.post_create(topic=north_topic, author=operator, source="La mia risposta")
    # Someone else's edition, which the operator cannot read, must not appear.
    services.subscription_set(user=operator, forum=edition_topic.forum, active=True)
    services.post_create(topic=edition_topic, author=edition_topic.author, source="Riservato")
    outbox.clear()
    assert notify.digests_send_due(now=start + timedelta(hours=1)) == 0  # not a day yet
    with committed(execute=True):
        sent = notify.digests_send_due(now=start + timedelta(days=1))
    assert sent >= 1
    message = next(m for m in outbox if m.to == [operator.email])
    assert "Novità sul patto di servizio" in message.body  # plain text, not Markdown
    assert "La mia risposta" not in message.body and "Riservato" not in message.body
    assert "/forum/disiscrizione/" in message.body
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    outbox.clear()
    assert notify.digests_send_due(now=start + timedelta(days=1, hours=1)) == 0
    assert notify.digests_send_due(now=start + timedelta(days=2, hours=1)) == 0  # nothing new
    assert outbox == []


def test_people_who_chose_other_emails_get_no_digest(
    committed, outbox, north_topic, operator, coach
):
    start = timezone.now()
    notify.digests_send_due(now=start)
    set_email_mode(operator, "off")
    with committed(execute=True):
        services.post_create(topic=north_topic, author=coach, source="Novità")
        notify.digests_send_due(now=start + timedelta(days=1))
    assert [m for m in outbox if operator.email in m.to] == []


def test_the_digest_and_the_event_log_run_on_a_schedule():
    jobs = registered_jobs()
    assert jobs["forums.periodic.send_forum_digests"].every == timedelta(hours=1)
    assert "forums.periodic.prune_forum_events" in jobs


def test_events_older_than_the_retention_are_pruned(north_topic, coach, settings):
    from forums.models import ForumEvent
    from forums.periodic import prune_forum_events

    services.post_create(topic=north_topic, author=coach, source="Risposta")
    ForumEvent.objects.update(created_at=timezone.now() - timedelta(days=30))
    services.post_create(topic=north_topic, author=coach, source="Recente")
    prune_forum_events()
    assert ForumEvent.objects.count() == 1


def test_a_notice_shows_the_post_as_plain_text_not_markdown(north_topic, operator, coach):
    services.post_create(
        topic=north_topic,
        author=coach,
        source="**Attenzione**: il [decreto](https://www.example.org/dl) è in vigore.\n\n"
        "- primo punto\n- secondo & ultimo",
    )

    body = operator.notifications.get(kind="forum-reply").body

    assert body == "Attenzione: il decreto è in vigore. primo punto secondo & ultimo"
