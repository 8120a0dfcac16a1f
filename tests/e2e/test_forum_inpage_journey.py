"""The forum's in-page actions in a real browser: a reaction without a reload, a quote of a
post and of a selected sentence, the preview in place, an @mention chosen with the keyboard
among the people who can read the topic, and axe-core on the page at each step."""

import pytest
from django.db import connections

from forums import services
from forums.models import Forum, ForumProfile, Post, Reaction
from tests.conftest import PASSWORD
from website.accounts.roles import Role

from .helpers import assert_accessible, in_thread, login

pytestmark = pytest.mark.browser


def call(function, **kwargs):
    def run():
        try:
            return function(**kwargs)
        finally:
            connections.close_all()

    return in_thread(run)


@pytest.fixture
def north_topic(live_url, org, operator):
    return call(
        services.topic_create,
        forum=Forum.objects.get(cluster=org["north"]),
        author=operator,
        title="Assegno di ricollocazione: tempi di rilascio",
        source="Quanto passa tra la domanda e la scelta dell'ente? Da noi circa un mese.",
    )


def test_react_quote_preview_and_mention_without_reloading(
    page, live_url, make_user, org, operator, coach, north_topic
):
    russo = make_user(
        role=Role.OPERATOR, centre=org["pa2"], first_name="Giovanna", last_name="Russo"
    )
    make_user(role=Role.OPERATOR, centre=org["sr1"], first_name="Giovanna", last_name="Sud")
    original = north_topic.posts.get()
    login(page, coach.email, PASSWORD)
    page.goto(north_topic.get_absolute_url())
    # A mark that a reload would wipe.
    page.evaluate("window.__samePage = true")
    post = page.locator(f"#post-{original.pk}")

    # A reaction: pressed, counted, no reload.
    useful = post.get_by_role("button", name="Utile")
    assert useful.get_attribute("aria-pressed") == "false"
    useful.click()
    page.wait_for_function(
        "(id) => document.querySelector(`#post-${id} button[value=useful]`)"
        ".getAttribute('aria-pressed') === 'true'",
        arg=original.pk,
    )
    assert useful.locator("[data-count]").inner_text() == "1"
    assert Reaction.objects.filter(post=original, user=coach, kind="useful").exists()

    # "Cita": the whole post, quoted in the reply box, which gets the focus.
    editor = page.get_by_role("textbox", name="Messaggio", exact=True)
    post.get_by_role("link", name="Cita").click()
    page.wait_for_function(
        "() => document.activeElement && document.activeElement.name === 'source'"
    )
    quoted = editor.input_value()
    assert quoted.startswith(
        f"> [{operator.get_full_name()}](/forum/messaggi/{original.pk}/) ha scritto:"
    )
    assert "> Quanto passa tra la domanda" in quoted
    assert page.locator("input[name=reply_to]").input_value() == str(original.pk)

    # Only the sentence selected in the post.
    editor.fill("")
    page.evaluate(
        """(id) => {
            const body = document.querySelector(`#post-${id} .forum-post-body p`);
            const text = body.firstChild;
            const start = text.textContent.indexOf('Da noi');
            const range = document.createRange();
            range.setStart(text, start);
            range.setEnd(text, text.textContent.length);
            const selection = window.getSelection();
            selection.removeAllRanges();
            selection.addRange(range);
        }""",
        original.pk,
    )
    post.get_by_role("link", name="Cita").click()
    page.wait_for_function(
        "() => document.querySelector('textarea[name=source]').value.includes('Da noi')"
    )
    assert "Quanto passa" not in editor.input_value()
    assert editor.input_value().rstrip().endswith("> Da noi circa un mese.")

    # The preview, rendered by the server, in place.
    editor.fill("Per noi **due settimane**.")
    page.get_by_role("button", name="Anteprima").click()
    preview = page.locator("[data-preview-target]")
    preview.locator("strong", has_text="due settimane").wait_for()
    assert Post.objects.filter(topic=north_topic).count() == 1
    assert_accessible(page)

    # @mention: the suggestions list readers of the topic only; the keyboard chooses.
    editor.fill("Chiedo a ")
    editor.press("End")
    editor.press_sequentially("@gio", delay=30)
    listbox = page.get_by_role("listbox", name="Persone da menzionare")
    listbox.get_by_role("option").first.wait_for()
    options = listbox.get_by_role("option").all_inner_texts()
    assert any("Giovanna Russo" in option for option in options)
    assert not any("Giovanna Sud" in option for option in options)
    active = editor.get_attribute("aria-activedescendant")
    assert active and page.locator(f"#{active}").get_attribute("aria-selected") == "true"
    assert_accessible(page)
    editor.press("ArrowDown")
    editor.press("ArrowUp")
    russo_option = listbox.get_by_role("option", name="Giovanna Russo")
    assert russo_option.get_attribute("aria-selected") == "true"
    editor.press("Enter")
    handle = ForumProfile.objects.get(user=russo).handle
    assert editor.input_value() == f"Chiedo a @{handle} "
    assert listbox.count() == 0 or not listbox.is_visible()
    assert editor.get_attribute("aria-activedescendant") is None

    # Escape closes the list and keeps the text typed.
    editor.press_sequentially("@gio", delay=30)
    listbox.get_by_role("option").first.wait_for()
    editor.press("Escape")
    assert not listbox.is_visible()
    assert editor.input_value().endswith("@gio")

    assert page.evaluate("window.__samePage") is True
    assert page.javascript_errors == []

    # Publishing still goes through the form: the mention reaches Giovanna Russo.
    editor.fill(f"Chiedo a @{handle} come fanno.")
    page.get_by_role("button", name="Pubblica la risposta").click()
    page.wait_for_url(f"**{north_topic.get_absolute_url()}#post-*")
    reply = Post.objects.filter(topic=north_topic).last()
    assert list(reply.mentions.all()) == [russo]
    assert russo.notifications.filter(kind="forum-mention").exists()
