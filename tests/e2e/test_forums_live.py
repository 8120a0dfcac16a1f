"""The forums in real browsers: live posts between two people, a refused websocket,
payloads that never run, pages that work without JavaScript, and axe-core checks."""

import json

import pytest
from django.db import connections

from forums import services
from forums.models import ForumProfile, Post
from tests.conftest import PASSWORD

from .helpers import assert_accessible, in_thread, login

pytestmark = pytest.mark.browser


def call(function, **kwargs):
    """Run a service in its own thread (it pushes websocket events) and close that thread's
    database connection afterwards, so that PostgreSQL can drop the test database."""

    def run():
        try:
            return function(**kwargs)
        finally:
            connections.close_all()

    return in_thread(run)


@pytest.fixture
def north_topic(live_url, org, operator):
    from forums.models import Forum

    forum = Forum.objects.get(cluster=org["north"])
    return call(
        services.topic_create,
        forum=forum,
        author=operator,
        title="Assegno di ricollocazione: tempi di rilascio",
        source="Quanto passa tra la domanda e la scelta dell'ente?",
    )


@pytest.fixture
def outsider(make_user, org):
    """An operator of the other cluster."""
    from website.accounts.roles import Role

    return make_user(role=Role.OPERATOR, centre=org["sr1"], email="operatore.sr@example.org")


def wait_for_follow(page):
    """Wait until the page's live socket follows its topic (the server answers "following")."""
    page.wait_for_function("() => window.__forumFollowing === true")


FOLLOW_PROBE = """
(() => {
  const original = window.WebSocket;
  window.WebSocket = function (...args) {
    const socket = new original(...args);
    socket.addEventListener('message', (event) => {
      try { if (JSON.parse(event.data).type === 'following') window.__forumFollowing = true; }
      catch (error) {}
    });
    return socket;
  };
  window.WebSocket.prototype = original.prototype;
})();
"""


def test_a_reply_written_in_one_browser_appears_in_the_other(
    new_page, live_url, operator, coach, north_topic
):
    reader = new_page()
    reader.add_init_script(FOLLOW_PROBE)
    login(reader, operator.email, PASSWORD)
    reader.goto(north_topic.get_absolute_url())
    wait_for_follow(reader)
    assert reader.locator("[data-notification-count]").inner_text().strip() == "0"

    writer = new_page()
    login(writer, coach.email, PASSWORD)
    writer.goto(north_topic.get_absolute_url())
    handle = ForumProfile.objects.get(user=operator).handle
    writer.get_by_role("textbox", name="Messaggio", exact=True).fill(
        f"@{handle} da noi servono circa **due settimane**."
    )
    writer.get_by_role("button", name="Pubblica la risposta").click()
    writer.wait_for_url(f"**{north_topic.get_absolute_url()}#post-*")
    reply = Post.objects.filter(topic=north_topic).last()

    # Without reloading: the post arrives, and the header counts the mention.
    arrived = reader.locator(f"#post-{reply.pk}")
    arrived.wait_for()
    assert "due settimane" in arrived.inner_text()
    assert arrived.locator("strong").inner_text() == "due settimane"
    reader.locator("[data-notification-count]", has_text="1").wait_for()
    assert reader.locator("#forum-live-status").inner_text().startswith("Nuovo messaggio di")
    assert reader.javascript_errors == [] and writer.javascript_errors == []

    # An edit reaches the open page too.
    call(services.post_edit, post=reply, editor=coach, source="Circa **tre settimane**.")
    reader.locator(f"#post-{reply.pk}", has_text="tre settimane").wait_for()


def test_a_person_without_access_is_refused_on_the_topic_websocket(
    page, live_url, outsider, operator, north_topic
):
    login(page, outsider.email, PASSWORD)
    page.goto("/forum/")
    assert north_topic.forum.title not in page.inner_text("main")
    page.evaluate(
        """(topic) => new Promise((resolve) => {
            window.__messages = [];
            const scheme = location.protocol === 'https:' ? 'wss://' : 'ws://';
            const socket = new WebSocket(scheme + location.host + '/ws/forum/');
            socket.onmessage = (event) => window.__messages.push(JSON.parse(event.data));
            socket.onopen = () => {
              socket.send(JSON.stringify({type: 'follow', topic: topic, after: 0}));
              resolve();
            };
        })""",
        north_topic.pk,
    )
    page.wait_for_function("() => window.__messages.length > 0")
    call(services.post_create, topic=north_topic, author=operator, source="Solo per il cluster")
    page.wait_for_timeout(1000)
    messages = page.evaluate("window.__messages")
    assert messages == [{"type": "refused", "topic": north_topic.pk}]


XSS_SOURCE = "\n\n".join(
    [
        "<script>window.__pwned = 'script'</script>",
        "<img src=x onerror=\"window.__pwned='img'\">",
        "<svg onload=\"window.__pwned='svg'\"></svg>",
        "[clicca qui](javascript:window.__pwned='link')",
        "<a href=\"javascript:window.__pwned='a'\">anche qui</a>",
        "<iframe src=\"javascript:window.__pwned='iframe'\"></iframe>",
        "<details open ontoggle=\"window.__pwned='details'\">x</details>",
        "[dati](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
        "<p style=\"background:url(javascript:window.__pwned='css')\">stile</p>",
        "[Normattiva](https://www.normattiva.it)",
    ]
)


def test_a_posted_payload_never_runs(new_page, live_url, operator, coach, north_topic):
    reader = new_page()
    reader.add_init_script(FOLLOW_PROBE)
    dialogs = []
    reader.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    login(reader, operator.email, PASSWORD)
    reader.goto(north_topic.get_absolute_url())
    wait_for_follow(reader)

    # Delivered live, through the fragment view…
    live = call(services.post_create, topic=north_topic, author=coach, source=XSS_SOURCE)
    reader.locator(f"#post-{live.pk}").wait_for()
    # …and rendered with the page.
    reader.reload()
    body = reader.locator(f"#post-{live.pk} .forum-post-body")
    for link in body.locator("a").all():
        link.click(modifiers=["Control"])
    reader.wait_for_timeout(500)
    assert reader.evaluate("typeof window.__pwned") == "undefined"
    assert dialogs == []
    assert body.locator("script, iframe, svg, [onerror], [onload], [style]").count() == 0
    # Every link that survived goes to the web or to an email address, nowhere else.
    hrefs = body.locator("a[href]").evaluate_all("links => links.map(a => a.protocol)")
    assert hrefs and set(hrefs) <= {"http:", "https:", "mailto:"}
    assert "stile" in body.inner_text()


def test_replying_works_without_javascript(browser, live_url, operator, north_topic):
    context = browser.new_context(base_url=live_url, java_script_enabled=False, locale="it-IT")
    page = context.new_page()
    try:
        login(page, operator.email, PASSWORD)
        page.goto(north_topic.get_absolute_url())
        page.get_by_role("textbox", name="Messaggio", exact=True).fill("Risposta senza script")
        page.get_by_role("button", name="Anteprima").click()
        assert "Risposta senza script" in page.locator(".forum-preview").inner_text()
        page.get_by_role("button", name="Pubblica la risposta").click()
        page.wait_for_url(f"**{north_topic.get_absolute_url()}#post-*")
        assert page.get_by_text("Risposta senza script").count() == 1
    finally:
        context.close()


def test_forum_pages_pass_axe(page, live_url, operator, coach, north_topic):
    call(
        services.post_create,
        topic=north_topic,
        author=coach,
        source="> citazione\n\n- punto uno\n- punto due\n\n[Normattiva](https://www.normattiva.it)",
    )
    login(page, operator.email, PASSWORD)
    forum = north_topic.forum
    for url in (
        "/forum/",
        forum.get_absolute_url(),
        north_topic.get_absolute_url(),
        f"/forum/discussioni/{north_topic.pk}/rispondi/",
        f"/forum/{forum.slug}/nuova-discussione/",
        "/forum/cerca/?q=assegno",
        "/forum/preferenze/",
    ):
        page.goto(url)
        assert_accessible(page)
    # The reply form with its error summary.
    page.goto(f"/forum/discussioni/{north_topic.pk}/rispondi/")
    page.get_by_role("button", name="Pubblica la risposta").click()
    assert page.locator(".form-error-summary").is_visible()
    assert_accessible(page)
    # Nothing scrolls sideways at 320 px.
    page.set_viewport_size({"width": 320, "height": 800})
    page.goto(north_topic.get_absolute_url())
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    assert json.dumps(page.javascript_errors) == "[]"


def test_the_moderation_queue_passes_axe(page, live_url, cluster_lead, coach, north_topic):
    post = north_topic.posts.get()
    call(services.post_report, post=post, reporter=coach, reason="off_topic", note="Fuori tema")
    login(page, cluster_lead.email, PASSWORD)
    page.goto("/forum/moderazione/")
    assert "Fuori tema" in page.inner_text("main")
    assert_accessible(page)
