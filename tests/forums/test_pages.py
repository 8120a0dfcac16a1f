"""The forum pages: what each person sees, what they may do, and bad input refused."""

import re

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from forums import services
from forums.models import ForumProfile, Post, Subscription, Topic


def text_of(response):
    return BeautifulSoup(response.content, "html.parser").get_text(" ", strip=True)


def test_anonymous_visitors_are_told_to_log_in(client, db, community):
    response = client.get("/forum/")
    assert response.status_code == 200
    assert "Accedi per partecipare" in text_of(response)
    assert community.title not in text_of(response)
    for url in ("/forum/comunita/", "/forum/cerca/?q=assegno", "/forum/preferenze/"):
        response = client.get(url)
        assert response.status_code == 302 and "/account/login/" in response["Location"]


def test_the_index_lists_only_the_forums_the_person_may_read(
    client, operator, outsider, north_forum, south_forum, edition_forum
):
    client.force_login(operator)
    page = text_of(client.get("/forum/"))
    assert north_forum.title in page and "Comunità dei Centri" in page
    assert south_forum.title not in page and edition_forum.title not in page
    client.force_login(outsider)
    page = text_of(client.get("/forum/"))
    assert south_forum.title in page and north_forum.title not in page


@pytest.mark.parametrize(
    "url",
    [
        "/forum/{forum}/",
        "/forum/{forum}/nuova-discussione/",
        "/forum/discussioni/{topic}/",
        "/forum/discussioni/{topic}/rispondi/",
        "/forum/discussioni/{topic}/primo-non-letto/",
        "/forum/discussioni/{topic}/sposta/",
        "/forum/messaggi/{post}/",
        "/forum/messaggi/{post}/frammento/",
        "/forum/messaggi/{post}/modifica/",
        "/forum/messaggi/{post}/ritira/",
        "/forum/messaggi/{post}/segnala/",
        "/forum/messaggi/{post}/versioni/",
    ],
)
def test_another_clusters_forum_answers_404_everywhere(client, outsider, north_topic, url):
    client.force_login(outsider)
    post = north_topic.posts.get()
    url = url.format(forum=north_topic.forum.slug, topic=north_topic.pk, post=post.pk)
    assert client.get(url).status_code == 404


@pytest.mark.parametrize(
    ("url", "data"),
    [
        ("/forum/{forum}/segui/", {"action": "follow"}),
        ("/forum/{forum}/segna-come-letto/", {}),
        ("/forum/discussioni/{topic}/segui/", {"action": "follow"}),
        ("/forum/discussioni/{topic}/modera/", {"action": "lock"}),
        ("/forum/discussioni/{topic}/rispondi/", {"source": "Mi intrometto"}),
        ("/forum/messaggi/{post}/reazione/", {"kind": "useful"}),
        ("/forum/messaggi/{post}/modera/", {"action": "hide"}),
    ],
)
def test_another_clusters_forum_refuses_every_action(client, outsider, north_topic, url, data):
    client.force_login(outsider)
    post = north_topic.posts.get()
    url = url.format(forum=north_topic.forum.slug, topic=north_topic.pk, post=post.pk)
    assert client.post(url, data).status_code == 404
    north_topic.refresh_from_db()
    assert not north_topic.is_locked
    assert Post.objects.filter(topic=north_topic).count() == 1
    assert not Subscription.objects.filter(user=outsider).exists()


def test_another_editions_forum_is_invisible(client, participant, other_edition, edition_forum):
    from forums.models import Forum

    other_forum = Forum.objects.get(edition=other_edition)
    client.force_login(participant)
    assert client.get(f"/forum/{edition_forum.slug}/").status_code == 200
    assert client.get(f"/forum/{other_forum.slug}/").status_code == 404


def test_starting_a_topic_and_replying(client, operator, coach, north_forum):
    client.force_login(operator)
    response = client.post(
        f"/forum/{north_forum.slug}/nuova-discussione/",
        {"title": "Convocazioni di gruppo", "source": "Chi le fa di **lunedì**?"},
    )
    topic = Topic.objects.get(title="Convocazioni di gruppo")
    assert response.status_code == 302 and response["Location"] == topic.get_absolute_url()
    assert topic.posts.get().html == "<p>Chi le fa di <strong>lunedì</strong>?</p>"
    assert Subscription.objects.filter(user=operator, topic=topic, is_active=True).exists()

    client.force_login(coach)
    response = client.post(f"/forum/discussioni/{topic.pk}/rispondi/", {"source": "Noi sì."})
    reply = topic.posts.last()
    assert response.status_code == 302
    assert response["Location"] == f"{topic.get_absolute_url()}#post-{reply.pk}"
    page = client.get(topic.get_absolute_url()).content.decode()
    assert "<p>Chi le fa di <strong>lunedì</strong>?</p>" in page and "<p>Noi sì.</p>" in page


@pytest.mark.parametrize(
    ("data", "error"),
    [
        ({"title": "", "source": "Testo valido"}, "Scrivi il titolo della discussione."),
        ({"title": "Ciao", "source": "Testo valido"}, "Il titolo è troppo breve"),
        ({"title": "Un titolo valido", "source": "   "}, "Scrivi il testo del messaggio."),
        ({"title": "Un titolo valido", "source": "x" * 20_001}, "più di 20000 caratteri"),
        ({"title": "x" * 201, "source": "Testo valido"}, "più di 200 caratteri"),
    ],
)
def test_bad_topics_are_refused_with_a_message(client, operator, north_forum, data, error):
    client.force_login(operator)
    response = client.post(f"/forum/{north_forum.slug}/nuova-discussione/", data)
    assert response.status_code == 200
    assert error in text_of(response)
    assert not Topic.objects.filter(forum=north_forum).exists()


def test_only_staff_open_topics_in_the_announcements(client, operator, teacher, announcements):
    client.force_login(operator)
    url = f"/forum/{announcements.slug}/nuova-discussione/"
    assert client.get(url).status_code == 404
    assert client.post(url, {"title": "Avviso abusivo", "source": "Testo"}).status_code == 404
    client.force_login(teacher)
    response = client.post(url, {"title": "Materiali pubblicati", "source": "Nelle risorse."})
    assert response.status_code == 302
    topic = Topic.objects.get(forum=announcements)
    client.force_login(operator)
    response = client.post(f"/forum/discussioni/{topic.pk}/rispondi/", {"source": "Grazie!"})
    assert response.status_code == 302  # everyone may answer an announcement


def test_preview_shows_the_sanitised_text_and_saves_nothing(client, operator, north_topic):
    client.force_login(operator)
    response = client.post(
        f"/forum/discussioni/{north_topic.pk}/rispondi/",
        {"source": "**Anteprima** <script>alert(1)</script>", "preview": "1"},
    )
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    preview = soup.select_one(".forum-preview .forum-post-body")
    assert preview.strong.text == "Anteprima" and not soup.select(".forum-preview script")
    assert north_topic.posts.count() == 1


def test_quoting_prefills_the_reply_and_notifies_the_quoted_author(
    client, operator, coach, north_topic
):
    original = north_topic.posts.get()
    client.force_login(coach)
    response = client.get(f"/forum/discussioni/{north_topic.pk}/rispondi/?cita={original.pk}")
    soup = BeautifulSoup(response.content, "html.parser")
    source = soup.find("textarea", attrs={"name": "source"}).text.lstrip()
    assert source.startswith(f"> [{operator.get_full_name()}](/forum/messaggi/{original.pk}/)")
    assert "> Nel nostro centro la profilazione" in source
    assert soup.find("input", attrs={"name": "reply_to"})["value"] == str(original.pk)
    client.post(
        f"/forum/discussioni/{north_topic.pk}/rispondi/",
        {"source": source + "Noi usiamo una traccia.", "reply_to": original.pk},
    )
    reply = north_topic.posts.last()
    assert reply.reply_to == original
    assert reply.html.startswith("<blockquote>")
    assert operator.notifications.filter(kind="forum-reply").exists()


def test_quoting_a_post_of_another_topic_is_ignored(client, operator, north_topic, edition_topic):
    client.force_login(operator)
    foreign = edition_topic.posts.get()
    response = client.get(f"/forum/discussioni/{north_topic.pk}/rispondi/?cita={foreign.pk}")
    assert "accesso documentale" not in response.content.decode()
    client.post(
        f"/forum/discussioni/{north_topic.pk}/rispondi/",
        {"source": "Risposta", "reply_to": foreign.pk},
    )
    assert north_topic.posts.last().reply_to is None


def test_editing_keeps_the_history_for_the_author_and_moderators(
    client, operator, coach, cluster_lead, north_topic
):
    post = north_topic.posts.get()
    client.force_login(operator)
    response = client.post(f"/forum/messaggi/{post.pk}/modifica/", {"source": "Testo corretto."})
    assert response.status_code == 302
    post.refresh_from_db()
    assert post.html == "<p>Testo corretto.</p>" and post.edited_at is not None
    history = client.get(f"/forum/messaggi/{post.pk}/versioni/")
    assert "la profilazione richiede troppo tempo" in text_of(history)
    client.force_login(cluster_lead)
    assert client.get(f"/forum/messaggi/{post.pk}/versioni/").status_code == 200
    client.force_login(coach)
    assert client.get(f"/forum/messaggi/{post.pk}/versioni/").status_code == 404
    assert client.post(f"/forum/messaggi/{post.pk}/modifica/", {"source": "No"}).status_code == 404
    post.refresh_from_db()
    assert post.source == "Testo corretto."


def test_a_moderators_edit_is_logged(client, cluster_lead, north_topic):
    post = north_topic.posts.get()
    client.force_login(cluster_lead)
    client.post(f"/forum/messaggi/{post.pk}/modifica/", {"source": "Tolto un dato personale."})
    assert north_topic.forum.moderation_actions.filter(action="edit_post", post=post).exists()


def test_withdrawing_a_reply_within_the_window(client, operator, coach, north_topic, time_machine):
    reply = services.post_create(topic=north_topic, author=coach, source="Risposta affrettata")
    client.force_login(operator)
    assert client.post(f"/forum/messaggi/{reply.pk}/ritira/").status_code == 404
    client.force_login(coach)
    time_machine.move_to(reply.created_at + services.permissions.delete_window() * 2)
    assert client.get(f"/forum/messaggi/{reply.pk}/ritira/").status_code == 404
    time_machine.move_to(reply.created_at)
    response = client.post(f"/forum/messaggi/{reply.pk}/ritira/")
    assert response.status_code == 302
    assert not Post.objects.filter(pk=reply.pk).exists()
    north_topic.refresh_from_db()
    assert north_topic.post_count == 1


def test_the_first_post_goes_alone_or_not_at_all(client, operator, coach, north_topic):
    first = north_topic.posts.get()
    services.post_create(topic=north_topic, author=coach, source="Una risposta")
    client.force_login(operator)
    response = client.post(f"/forum/messaggi/{first.pk}/ritira/")
    assert response.status_code == 409
    assert "primo messaggio di una discussione con risposte" in text_of(response)
    lonely = services.topic_create(
        forum=north_topic.forum, author=operator, title="Domanda sbagliata", source="Scusate"
    )
    response = client.post(f"/forum/messaggi/{lonely.posts.get().pk}/ritira/")
    assert response.status_code == 302
    assert not Topic.objects.filter(pk=lonely.pk).exists()


def test_reactions_toggle_and_never_on_ones_own_post(client, operator, coach, north_topic):
    post = north_topic.posts.get()
    client.force_login(coach)
    url = f"/forum/messaggi/{post.pk}/reazione/"
    client.post(url, {"kind": "useful"})
    post.refresh_from_db()
    assert post.useful_count == 1
    client.post(url, {"kind": "useful"})
    post.refresh_from_db()
    assert post.useful_count == 0
    response = client.post(url, {"kind": "applauso"}, follow=True)
    assert "Reazione sconosciuta." in text_of(response)
    client.force_login(operator)
    assert client.post(url, {"kind": "like"}).status_code == 404
    post.refresh_from_db()
    assert post.like_count == 0


def test_reporting_a_post(client, operator, coach, cluster_lead, north_topic):
    post = north_topic.posts.get()
    client.force_login(coach)
    url = f"/forum/messaggi/{post.pk}/segnala/"
    response = client.post(url, {"reason": "altro"})
    assert response.status_code == 200 and post.reports.count() == 0
    response = client.post(url, {"reason": "other", "note": " "})
    assert "Spiega ai moderatori che cosa non va." in text_of(response)
    assert post.reports.count() == 0
    response = client.post(url, {"reason": "personal_data", "note": "C'è un nome"})
    assert response.status_code == 302 and post.reports.count() == 1
    assert cluster_lead.notifications.filter(kind="forum-report").exists()
    response = client.post(url, {"reason": "spam"}, follow=True)
    assert "Hai già segnalato questo messaggio" in text_of(response)
    assert post.reports.count() == 1
    client.force_login(operator)
    assert client.get(url).status_code == 404  # one's own post


def test_the_moderation_queue_and_log(client, coach, cluster_lead, outsider, north_topic):
    post = north_topic.posts.get()
    services.post_report(post=post, reporter=coach, reason="offensive")
    client.force_login(outsider)
    assert client.get("/forum/moderazione/").status_code == 404
    client.force_login(cluster_lead)
    page = text_of(client.get("/forum/moderazione/"))
    assert "Offensivo o irrispettoso" in page and north_topic.title in page
    response = client.post(
        f"/forum/messaggi/{post.pk}/modera/",
        {"action": "hide", "next": "/forum/moderazione/"},
    )
    assert response["Location"] == "/forum/moderazione/"
    post.refresh_from_db()
    assert post.is_hidden and not post.reports.filter(resolved_at__isnull=True).exists()
    page = text_of(client.get("/forum/moderazione/"))
    assert "Nessuna segnalazione aperta." in page and "Messaggio nascosto" in page


@pytest.mark.parametrize(
    ("action", "field", "value"),
    [("pin", "is_pinned", True), ("lock", "is_locked", True), ("hide", "is_hidden", True)],
)
def test_topic_moderation_is_for_moderators_and_logged(
    client, coach, cluster_lead, north_topic, action, field, value
):
    url = f"/forum/discussioni/{north_topic.pk}/modera/"
    client.force_login(coach)
    assert client.post(url, {"action": action}).status_code == 404
    client.force_login(cluster_lead)
    assert client.post(url, {"action": action}).status_code == 302
    north_topic.refresh_from_db()
    assert getattr(north_topic, field) is value
    assert north_topic.forum.moderation_actions.filter(
        actor=cluster_lead, topic=north_topic
    ).exists()
    response = client.post(url, {"action": "explode"}, follow=True)
    assert "Azione di moderazione sconosciuta." in text_of(response)


def test_moving_a_topic_only_between_moderated_forums(
    client, cluster_lead, training_manager, north_topic, community, south_forum, announcements
):
    url = f"/forum/discussioni/{north_topic.pk}/sposta/"
    announcements.moderators.add(cluster_lead)
    client.force_login(cluster_lead)
    response = client.post(url, {"forum": south_forum.pk})
    assert response.status_code == 200 and "Scegli uno dei forum che moderi." in text_of(response)
    north_topic.refresh_from_db()
    assert north_topic.forum_id != south_forum.pk
    client.force_login(training_manager)
    response = client.post(url, {"forum": community.pk})
    assert response.status_code == 302
    north_topic.refresh_from_db()
    community.refresh_from_db()
    assert north_topic.forum == community and community.topic_count == 1
    log = community.moderation_actions.get(action="move")
    assert log.detail == f"Cluster {cluster_lead.centre.cluster.name} → {community.title}"


def test_newcomers_posts_wait_for_approval_where_the_forum_asks(
    client, make_user, operator, training_manager, community
):
    from website.accounts.roles import Role

    newcomer = make_user(role=Role.OPERATOR, centre=operator.centre)
    client.force_login(newcomer)
    client.post(
        f"/forum/{community.slug}/nuova-discussione/",
        {"title": "Prima domanda in comunità", "source": "Buongiorno a tutti"},
        follow=True,
    )
    topic = Topic.objects.get(title="Prima domanda in comunità")
    assert not topic.is_approved
    community.refresh_from_db()
    assert community.topic_count == 0
    assert client.get(topic.get_absolute_url()).status_code == 200  # the author sees it
    client.force_login(operator)
    assert client.get(topic.get_absolute_url()).status_code == 404
    assert topic.title not in text_of(client.get(f"/forum/{community.slug}/"))
    client.force_login(training_manager)
    assert topic.title in text_of(client.get("/forum/moderazione/"))
    client.post(f"/forum/messaggi/{topic.posts.get().pk}/modera/", {"action": "approve"})
    topic.refresh_from_db()
    community.refresh_from_db()
    assert topic.is_approved and community.topic_count == 1
    client.force_login(operator)
    assert client.get(topic.get_absolute_url()).status_code == 200
    # Once approved, the newcomer posts freely.
    client.force_login(newcomer)
    client.post(f"/forum/discussioni/{topic.pk}/rispondi/", {"source": "Seconda"})
    assert topic.posts.last().is_approved


def test_search_finds_only_what_the_person_may_read(
    client, operator, outsider, cluster_lead, north_topic, community
):
    community.premoderate_newcomers = False
    community.save()
    services.topic_create(
        forum=community, author=outsider, title="Profilazione in comunità", source="Profilazione"
    )
    hidden = services.post_create(
        topic=north_topic, author=operator, source="Profilazione nascosta"
    )
    services.post_set_hidden(post=hidden, actor=cluster_lead, hidden=True)
    client.force_login(outsider)
    page = text_of(client.get("/forum/cerca/?q=profilazione"))
    assert "1 messaggio trovato" in page and north_topic.title not in page
    client.force_login(cluster_lead)
    page = text_of(client.get("/forum/cerca/?q=profilazione"))
    assert "2 messaggi trovati" in page and "Profilazione nascosta" not in page
    response = client.get("/forum/cerca/?q=")
    assert "Scrivi che cosa cercare." in text_of(response)


def test_unread_counts_first_unread_and_mark_read(client, operator, coach, north_topic):
    client.force_login(coach)
    index = text_of(client.get("/forum/"))
    assert re.search(r"Cluster Palermo Città 1 discussione con novità", index)
    client.get(north_topic.get_absolute_url())
    assert "novità" not in text_of(client.get(f"/forum/{north_topic.forum.slug}/"))
    reply = services.post_create(topic=north_topic, author=operator, source="Novità!")
    listing = text_of(client.get(f"/forum/{north_topic.forum.slug}/"))
    assert "1 messaggio non letto" in listing
    response = client.get(f"/forum/discussioni/{north_topic.pk}/primo-non-letto/")
    assert response["Location"] == f"{north_topic.get_absolute_url()}#post-{reply.pk}"
    client.post(f"/forum/{north_topic.forum.slug}/segna-come-letto/")
    assert "non letto" not in text_of(client.get(f"/forum/{north_topic.forum.slug}/"))
    services.post_create(topic=north_topic, author=operator, source="Altra novità")
    client.post("/forum/segna-tutto-letto/")
    assert "novità" not in text_of(client.get("/forum/"))


def test_following_and_unfollowing(client, coach, north_topic):
    client.force_login(coach)
    client.post(f"/forum/discussioni/{north_topic.pk}/segui/", {"action": "follow"})
    client.post(f"/forum/{north_topic.forum.slug}/segui/", {"action": "follow"})
    page = text_of(client.get("/forum/preferenze/"))
    assert north_topic.title in page and north_topic.forum.title in page
    client.post(f"/forum/discussioni/{north_topic.pk}/segui/", {"action": "unfollow"})
    assert not Subscription.objects.get(user=coach, topic=north_topic).is_active
    # Replying does not undo an explicit "stop following".
    services.post_create(topic=north_topic, author=coach, source="Una risposta")
    assert not Subscription.objects.get(user=coach, topic=north_topic).is_active


def test_preferences_refuse_a_taken_or_malformed_handle(client, operator, coach):
    client.force_login(coach)
    taken = ForumProfile.objects.get(user=operator).handle
    for handle, error in [
        (taken, "Questo nome è già usato da un'altra persona."),
        ("-trattino", "Usa da 1 a 40 lettere minuscole"),
        ("con spazi", "Usa da 1 a 40 lettere minuscole"),
    ]:
        response = client.post("/forum/preferenze/", {"handle": handle, "email_mode": "immediate"})
        assert error in text_of(response)
    profile = ForumProfile.objects.get(user=coach)
    assert profile.handle != taken and profile.email_mode == "digest"
    response = client.post(
        "/forum/preferenze/", {"handle": "Coach.Greco", "email_mode": "immediate"}
    )
    assert response.status_code == 302
    profile.refresh_from_db()
    assert (profile.handle, profile.email_mode, profile.auto_subscribe) == (
        "coach.greco",
        "immediate",
        False,
    )


def test_posting_is_rate_limited_with_a_clear_message(client, operator, north_topic, settings):
    settings.FORUMS_POST_RATES = ["3/m"]
    client.force_login(operator)
    url = f"/forum/discussioni/{north_topic.pk}/rispondi/"
    for number in range(3):
        assert client.post(url, {"source": f"Messaggio {number}"}).status_code == 302
    response = client.post(url, {"source": "Il quarto"})
    assert response.status_code == 429
    page = text_of(response)
    assert "Troppi messaggi in poco tempo" in page
    assert "Il quarto" in response.content.decode()  # the text is kept in the form
    assert north_topic.posts.count() == 4  # the first post and three replies


def test_the_forum_url_cannot_take_a_reserved_address():
    from django.core.exceptions import ValidationError

    from forums.models import validate_forum_slug

    with pytest.raises(ValidationError):
        validate_forum_slug("cerca")
    validate_forum_slug("normativa")


def test_post_permalink_goes_to_the_right_page(client, operator, coach, north_topic):
    posts = [
        services.post_create(topic=north_topic, author=coach, source=f"Risposta {n}")
        for n in range(25)
    ]
    client.force_login(operator)
    response = client.get(reverse("forums:post", args=[posts[-1].pk]))
    assert response["Location"] == f"{north_topic.get_absolute_url()}?page=2#post-{posts[-1].pk}"
    response = client.get(reverse("forums:post", args=[posts[0].pk]))
    assert response["Location"] == f"{north_topic.get_absolute_url()}#post-{posts[0].pk}"
