"""The topic page's in-page actions: reactions, quote, preview and @mention suggestions answer
JSON to the page's script, refuse bad input with a message and change nothing, and tell
nobody more than the page would; avatars are initials in a colour of AA contrast."""

import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from django.test import Client

from forums import permissions, services
from forums.models import Forum, ForumProfile, Post, Reaction, Topic
from forums.templatetags.forums_tags import AVATAR_COLOURS, avatar_colour, initials
from website.accounts.roles import Role
from website.notifications.models import Notification

from .conftest import enrol, make_edition

JSON = {"HTTP_ACCEPT": "application/json"}


def handle_of(user):
    return ForumProfile.objects.get(user=user).handle


# --- Reactions -----------------------------------------------------------------------------------


def test_a_reaction_asked_for_json_answers_the_counts_and_the_pressed_state(
    client, operator, coach, cluster_lead, north_topic
):
    post = north_topic.posts.get()
    url = f"/forum/messaggi/{post.pk}/reazione/"
    client.force_login(cluster_lead)
    client.post(url, {"kind": "like"}, **JSON)
    client.force_login(coach)
    response = client.post(url, {"kind": "useful"}, **JSON)
    assert response.status_code == 200
    assert response.json() == {
        "kind": "useful",
        "pressed": True,
        "counts": {"useful": 1, "like": 1},
    }
    response = client.post(url, {"kind": "useful"}, **JSON)
    assert response.json() == {
        "kind": "useful",
        "pressed": False,
        "counts": {"useful": 0, "like": 1},
    }
    assert not Reaction.objects.filter(user=coach).exists()


def test_a_bad_reaction_is_refused_in_json_and_changes_nothing(client, coach, north_topic):
    post = north_topic.posts.get()
    client.force_login(coach)
    for data in ({"kind": "applauso"}, {}):
        response = client.post(f"/forum/messaggi/{post.pk}/reazione/", data, **JSON)
        assert response.status_code == 400
        assert response.json() == {"error": "Reazione sconosciuta."}
    assert not Reaction.objects.exists()


def test_reactions_refuse_the_author_and_people_who_cannot_read_the_topic(
    client, operator, outsider, north_topic
):
    post = north_topic.posts.get()
    for person in (operator, outsider):
        client.force_login(person)
        response = client.post(f"/forum/messaggi/{post.pk}/reazione/", {"kind": "like"}, **JSON)
        assert response.status_code == 404
    assert not Reaction.objects.exists()


def test_in_page_posts_need_the_csrf_token(coach, north_topic):
    post = north_topic.posts.get()
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(coach)
    page = browser.get(north_topic.get_absolute_url())
    token = BeautifulSoup(page.content, "html.parser").select_one(
        "form[data-reactions] input[name=csrfmiddlewaretoken]"
    )["value"]
    react = f"/forum/messaggi/{post.pk}/reazione/"
    preview = f"/forum/discussioni/{north_topic.pk}/anteprima/"
    assert browser.post(react, {"kind": "like"}, **JSON).status_code == 403
    assert browser.post(preview, {"source": "Ciao"}, **JSON).status_code == 403
    assert not Reaction.objects.exists()
    headers = {**JSON, "HTTP_X_CSRFTOKEN": token}
    assert browser.post(react, {"kind": "like"}, **headers).json()["pressed"] is True
    assert browser.post(preview, {"source": "Ciao"}, **headers).status_code == 200


def test_the_page_marks_the_reactions_and_quote_links_for_the_script(client, coach, north_topic):
    client.force_login(coach)
    soup = BeautifulSoup(client.get(north_topic.get_absolute_url()).content, "html.parser")
    buttons = soup.select("form[data-reactions] button[name=kind]")
    assert [b["aria-pressed"] for b in buttons] == ["false", "false"]
    assert all(b.select_one("[data-count]") for b in buttons)
    assert soup.select_one("a[data-quote]")["href"].startswith(
        f"/forum/discussioni/{north_topic.pk}/rispondi/?cita="
    )
    editor = soup.select_one("#reply form[data-editor]")
    assert editor["data-preview-url"] == f"/forum/discussioni/{north_topic.pk}/anteprima/"
    assert editor["data-mentions-url"] == f"/forum/discussioni/{north_topic.pk}/persone/"
    assert soup.find("script", src=re.compile(r"forums/editor.*\.js"))


# --- Quote ---------------------------------------------------------------------------------------


def test_a_quote_asked_for_json_is_the_markdown_the_reply_form_would_hold(
    client, operator, coach, north_topic
):
    original = north_topic.posts.get()
    client.force_login(coach)
    url = f"/forum/discussioni/{north_topic.pk}/rispondi/?cita={original.pk}"
    data = client.get(url, **JSON).json()
    assert data["reply_to"] == original.pk
    assert data["source"].startswith(
        f"> [{operator.get_full_name()}](/forum/messaggi/{original.pk}/) ha scritto:\n"
    )
    assert "> Nel nostro centro la profilazione richiede troppo tempo." in data["source"]
    # The part the person selected, alone.
    data = client.get(url + "&testo=richiede+troppo+tempo", **JSON).json()
    assert data["source"].endswith("\n> richiede troppo tempo\n\n")
    assert "Voi come fate" not in data["source"]


def test_a_quote_of_nothing_readable_in_this_topic_answers_404(
    client, operator, outsider, north_topic, edition_topic
):
    client.force_login(operator)
    base = f"/forum/discussioni/{north_topic.pk}/rispondi/?cita="
    foreign = edition_topic.posts.get()
    for quoted in (str(foreign.pk), "999999", "abc"):
        assert client.get(base + quoted, **JSON).status_code == 404
    client.force_login(outsider)
    assert client.get(base + str(north_topic.posts.get().pk), **JSON).status_code == 404


# --- Preview -------------------------------------------------------------------------------------


def test_the_preview_renders_through_the_one_markup_path_and_saves_nothing(
    client, operator, coach, north_topic
):
    client.force_login(coach)
    url = f"/forum/discussioni/{north_topic.pk}/anteprima/"
    source = f"**Importante** <script>alert(1)</script> @{handle_of(operator)}"
    response = client.post(url, {"source": source}, **JSON)
    assert response.status_code == 200
    html = response.json()["html"]
    assert "<strong>Importante</strong>" in html
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert f'<span class="mention">@{handle_of(operator)}</span>' in html
    assert client.post(url, {"source": "   "}, **JSON).json() == {"html": ""}
    assert Post.objects.count() == 1
    assert not Notification.objects.filter(recipient=operator).exists()


def test_a_preview_too_long_or_too_frequent_is_refused_with_a_message(
    client, coach, north_topic, settings
):
    client.force_login(coach)
    url = f"/forum/discussioni/{north_topic.pk}/anteprima/"
    response = client.post(url, {"source": "a" * 20_001}, **JSON)
    assert response.status_code == 400
    assert "troppo lungo" in response.json()["error"]
    settings.FORUMS_PREVIEW_RATES = ["2/m"]
    assert client.post(url, {"source": "Uno"}, **JSON).status_code == 200
    assert client.post(url, {"source": "Due"}, **JSON).status_code == 200
    response = client.post(url, {"source": "Tre"}, **JSON)
    assert response.status_code == 429
    assert "Troppe anteprime" in response.json()["error"]
    assert client.get(url).status_code == 405


def test_the_preview_is_for_people_who_may_write_there(
    client, operator, outsider, cluster_lead, north_topic, north_forum, announcements
):
    client.force_login(outsider)
    assert (
        client.post(f"/forum/discussioni/{north_topic.pk}/anteprima/", {"source": "x"}).status_code
        == 404
    )
    assert client.post(f"/forum/{north_forum.slug}/anteprima/", {"source": "x"}).status_code == 404
    # A closed topic takes no replies, so no preview, except for its moderators.
    services.topic_set_flag(topic=north_topic, actor=cluster_lead, flag="is_locked", value=True)
    client.force_login(operator)
    url = f"/forum/discussioni/{north_topic.pk}/anteprima/"
    assert client.post(url, {"source": "x"}).status_code == 404
    # Operators do not open topics in the announcements.
    assert (
        client.post(f"/forum/{announcements.slug}/anteprima/", {"source": "x"}).status_code == 404
    )
    assert client.post(f"/forum/{north_forum.slug}/anteprima/", {"source": "Ok"}).status_code == 200
    client.force_login(cluster_lead)
    assert client.post(url, {"source": "x"}).status_code == 200


# --- @mention suggestions ------------------------------------------------------------------------


@pytest.fixture
def giovannas(make_user, org, edition):
    """Four people called Giovanna: two in the northern cluster, one in the southern one, one
    from the south with a place in the northern edition."""
    return {
        "north": make_user(
            role=Role.OPERATOR, centre=org["pa2"], first_name="Giovanna", last_name="Russo"
        ),
        "lead": make_user(
            role=Role.OPERATOR, centre=org["pa1"], first_name="Gianni", last_name="Giorgi"
        ),
        "south": make_user(
            role=Role.OPERATOR, centre=org["sr1"], first_name="Giovanna", last_name="Sud"
        ),
        "placed": enrol(
            make_user(
                role=Role.OPERATOR, centre=org["sr2"], first_name="Giovanna", last_name="Posto"
            ),
            edition,
        ).user,
    }


def names(response):
    assert response.status_code == 200, response.content
    return [person["name"] for person in response.json()["results"]]


def test_suggestions_are_the_readers_of_the_topic_matching_the_start_of_a_name(
    client, operator, giovannas, north_topic, edition_topic
):
    client.force_login(operator)
    url = f"/forum/discussioni/{north_topic.pk}/persone/"
    assert names(client.get(url, {"q": "gio"})) == ["Gianni Giorgi", "Giovanna Russo"]
    assert names(client.get(url, {"q": "russ"})) == ["Giovanna Russo"]
    assert names(client.get(url, {"q": "Giovanna R"})) == ["Giovanna Russo"]
    assert names(client.get(url, {"q": handle_of(giovannas["north"])})) == ["Giovanna Russo"]
    first = client.get(url, {"q": "russo"}).json()["results"][0]
    assert first == {
        "handle": handle_of(giovannas["north"]),
        "name": "Giovanna Russo",
        "centre": "CPI Monreale",
    }
    # Nobody is suggested for nothing typed, and the person asking never.
    assert names(client.get(url, {"q": ""})) == []
    assert names(client.get(url, {"q": "operatore"})) == []
    # In the edition's forum: its participants (from any cluster) and teachers only.
    # In the community forums: everyone.
    assert names(client.get("/forum/comunita/persone/", {"q": "giovanna"})) == [
        "Giovanna Posto",
        "Giovanna Russo",
        "Giovanna Sud",
    ]
    client.force_login(giovannas["placed"])
    url = f"/forum/discussioni/{edition_topic.pk}/persone/"
    assert names(client.get(url, {"q": "gio"})) == []
    client.force_login(operator)
    assert client.get(url, {"q": "gio"}).status_code == 404


def test_people_who_cannot_read_the_topic_are_never_suggested(
    client, operator, cluster_lead, giovannas, north_topic, make_user, org
):
    inactive = make_user(
        role=Role.OPERATOR, centre=org["pa1"], first_name="Giovanna", last_name="Via"
    )
    inactive.is_active = False
    inactive.save()
    client.force_login(operator)
    url = f"/forum/discussioni/{north_topic.pk}/persone/"
    suggested = names(client.get(url, {"q": "giovanna"}))
    assert suggested == ["Giovanna Russo"]
    assert "Giovanna Sud" not in suggested and "Giovanna Posto" not in suggested
    # A hidden topic: only its moderators and its author read it.
    services.topic_set_hidden(topic=north_topic, actor=cluster_lead, hidden=True)
    client.force_login(cluster_lead)
    assert names(client.get(url, {"q": "giovanna"})) == []
    assert [p["handle"] for p in client.get(url, {"q": handle_of(operator)}).json()["results"]] == [
        handle_of(operator)
    ]


def test_the_suggestions_refuse_outsiders_and_bad_input(
    client, outsider, operator, north_topic, north_forum
):
    client.force_login(outsider)
    assert (
        client.get(f"/forum/discussioni/{north_topic.pk}/persone/", {"q": "gio"}).status_code == 404
    )
    assert client.get(f"/forum/{north_forum.slug}/persone/", {"q": "gio"}).status_code == 404
    client.force_login(operator)
    response = client.get(f"/forum/discussioni/{north_topic.pk}/persone/", {"q": "g" * 41})
    assert response.status_code == 400
    assert "al massimo 40 caratteri" in response.json()["error"]
    assert (
        client.post(f"/forum/discussioni/{north_topic.pk}/persone/", {"q": "g"}).status_code == 405
    )


def test_at_most_eight_people_are_suggested(client, operator, make_user, org, north_forum):
    for number in range(10):
        make_user(role=Role.OPERATOR, centre=org["pa2"], first_name="Marta", last_name=f"M{number}")
    client.force_login(operator)
    response = client.get(f"/forum/{north_forum.slug}/persone/", {"q": "mar"})
    assert len(names(response)) == 8


def test_readers_read_the_other_way_agree_with_the_read_rule(
    make_user,
    org,
    course,
    operator,
    outsider,
    participant,
    teacher,
    cluster_lead,
    coach,
    centre_manager,
    training_manager,
    editor,
    north_topic,
    edition_topic,
    community,
):
    """Every person, every kind of forum, visible or hidden: ``topic_readers`` says what
    ``can_read_topic`` says."""
    other_teacher = make_user(role=Role.TEACHER)
    make_edition(course, org["north"], "UD1-PA-02", other_teacher)
    pending = make_user(role=Role.OPERATOR, centre=org["sr1"])
    enrol(pending, edition_topic.forum.edition, status="pending")
    extra_moderator = make_user(role=Role.OPERATOR, centre=org["sr2"])
    Forum.objects.get(cluster=org["north"]).moderators.add(extra_moderator)
    superuser = make_user(superuser=True)
    no_centre = make_user()
    inactive = make_user(role=Role.OPERATOR, centre=org["pa1"])
    inactive.is_active = False
    inactive.save()
    people = [
        operator,
        outsider,
        participant,
        teacher,
        cluster_lead,
        coach,
        centre_manager,
        training_manager,
        editor,
        other_teacher,
        pending,
        extra_moderator,
        superuser,
        no_centre,
        inactive,
    ]
    community_topic = services.topic_create(
        forum=community, author=training_manager, title="Una domanda per tutti", source="Testo"
    )
    newcomer = make_user(role=Role.OPERATOR, centre=org["pa2"])
    people.append(newcomer)
    waiting = services.topic_create(
        forum=community, author=newcomer, title="In attesa di approvazione", source="Testo"
    )
    assert community_topic.is_visible and not waiting.is_visible
    topics = [north_topic, edition_topic, community_topic, waiting]
    hidden = services.topic_create(
        forum=north_topic.forum, author=operator, title="Da nascondere", source="Testo"
    )
    services.topic_set_hidden(topic=hidden, actor=cluster_lead, hidden=True)
    topics.append(hidden)
    for topic in topics:
        topic = Topic.objects.select_related("forum").get(pk=topic.pk)
        readers = set(permissions.topic_readers(topic).values_list("pk", flat=True))
        for person in people:
            permissions.forget_rights(person)
            expected = permissions.can_read_topic(person, topic)
            assert (person.pk in readers) == expected, (topic.title, person.email)


# --- Avatars -------------------------------------------------------------------------------------


def _contrast_with_white(colour):
    def channel(value):
        value /= 255
        return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4

    red, green, blue = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    luminance = 0.2126 * channel(red) + 0.7152 * channel(green) + 0.0722 * channel(blue)
    return 1.05 / (luminance + 0.05)


def test_avatar_colours_reach_aa_contrast_and_match_the_stylesheet():
    css = (Path(__file__).parents[2] / "forums/static/forums/forums.css").read_text()
    for index, colour in enumerate(AVATAR_COLOURS):
        assert _contrast_with_white(colour) >= 4.5
        assert f".forum-avatar--{index} {{ background-color: {colour}; }}" in css


def test_avatars_are_initials_in_the_same_colour_for_the_same_person(
    client, operator, coach, make_user, north_topic
):
    nameless = make_user(first_name="", last_name="", email="zeta@example.org")
    named = make_user(first_name="giovanna", last_name="russo")
    assert initials(named) == "GR"
    assert initials(nameless) == "Z"
    assert initials(None) == ""
    assert avatar_colour(coach) == avatar_colour(type(coach).objects.get(pk=coach.pk))
    services.post_create(topic=north_topic, author=coach, source="Una risposta.")
    client.force_login(operator)
    soup = BeautifulSoup(client.get(north_topic.get_absolute_url()).content, "html.parser")
    avatars = soup.select(".forum-post-header .forum-avatar")
    assert len(avatars) == 2
    assert all(a["aria-hidden"] == "true" for a in avatars)
    assert avatars[1].text == initials(coach)
    index = AVATAR_COLOURS.index(avatar_colour(coach))
    assert f"forum-avatar--{index}" in avatars[1]["class"]
