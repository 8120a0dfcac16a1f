"""The platform's one sanitiser, judged by properties of its output, not by expected strings."""

import html
import re

import pytest
from bs4 import BeautifulSoup

from forums.markup import render_markdown
from website.core.sanitize import ALLOWED_ATTRIBUTES, ALLOWED_TAGS, sanitize_html

from .xss_vectors import HTML_VECTORS, MARKDOWN_VECTORS

SAFE_SCHEMES = {"http", "https", "mailto"}


def _normalised_url(value: str) -> str:
    """What a browser acts on: entities decoded, controls and spaces dropped, lower case."""
    value = html.unescape(value)
    return re.sub(r"[\x00-\x20\x7f-\xa0]", "", value).lower()


def link_is_safe(value: str) -> bool:
    url = _normalised_url(value)
    if url.startswith("#"):
        return True
    if url.startswith("/"):
        return not url.startswith("//") and "\\" not in url
    scheme = url.split(":", 1)[0] if ":" in url else ""
    return scheme in SAFE_SCHEMES


def image_is_from_this_site(value: str) -> bool:
    url = _normalised_url(value)
    return url.startswith("/") and not url.startswith("//") and "\\" not in url


def assert_harmless(output: str) -> None:
    soup = BeautifulSoup(output, "html.parser")
    for element in soup.find_all(True):
        assert element.name in ALLOWED_TAGS, (element.name, output)
        allowed = ALLOWED_ATTRIBUTES.get(element.name, ())
        for name, value in element.attrs.items():
            value = " ".join(value) if isinstance(value, list) else value
            assert name in allowed, (element.name, name, output)
            assert not name.lower().startswith("on"), output
            assert name.lower() != "style", output
            if name == "href":
                assert link_is_safe(value), (value, output)
            if name == "src":
                assert image_is_from_this_site(value), (value, output)
        if element.name == "a" and element.get("href"):
            assert element.get("rel") == ["nofollow", "noopener"], output
    assert sanitize_html(output) == output, "sanitising twice must change nothing"


def test_there_are_at_least_a_hundred_vectors():
    assert len(HTML_VECTORS) >= 100
    assert len(set(HTML_VECTORS)) == len(HTML_VECTORS)


@pytest.mark.parametrize("vector", HTML_VECTORS)
def test_html_vector_comes_out_harmless(vector):
    assert_harmless(sanitize_html(vector))


@pytest.mark.parametrize("vector", HTML_VECTORS)
def test_html_vector_twice_sanitised_is_still_harmless(vector):
    # Feeding the output back in (what a second save or a re-parse does) stays stable.
    once = sanitize_html(vector)
    twice = sanitize_html(html.unescape(once))
    assert_harmless(twice)


@pytest.mark.parametrize("vector", MARKDOWN_VECTORS + HTML_VECTORS[:40])
def test_markdown_vector_comes_out_harmless(vector):
    assert_harmless(render_markdown(vector).html)


def test_formatting_survives():
    output = sanitize_html(
        "<p><strong>Importante</strong>: vedi <a href='https://www.normattiva.it' title='Normattiva'>il decreto</a>"
        " e scrivi a <a href='mailto:cpi@example.org'>cpi@example.org</a>.</p>"
        "<ul><li>uno</li></ul><blockquote>citazione</blockquote><pre><code class='language-python'>x = 1</code></pre>"
        "<img src='/forum/allegati/3/mappa.png' alt='Mappa dei centri'>"
    )
    soup = BeautifulSoup(output, "html.parser")
    assert soup.strong.text == "Importante"
    link = soup.find("a", href="https://www.normattiva.it")
    assert link["rel"] == ["nofollow", "noopener"] and link["title"] == "Normattiva"
    assert soup.find("a", href="mailto:cpi@example.org")
    assert soup.li.text == "uno" and soup.blockquote.text == "citazione"
    assert soup.code["class"] == ["language-python"]
    assert (
        soup.img["src"] == "/forum/allegati/3/mappa.png" and soup.img["alt"] == "Mappa dei centri"
    )


def test_bare_addresses_become_links_but_not_inside_code():
    output = sanitize_html("<p>Vedi www.normattiva.it</p><pre><code>www.example.org</code></pre>")
    soup = BeautifulSoup(output, "html.parser")
    assert soup.p.a["href"] == "http://www.normattiva.it"
    assert soup.pre.a is None


def test_an_image_from_elsewhere_becomes_its_description():
    assert sanitize_html('<img src="https://evil.example/t.png" alt="Grafico">') == "Grafico"


def test_scripts_and_styles_leave_no_markup():
    output = sanitize_html("<p>prima</p><script>alert(1)</script><style>p{}</style><p>dopo</p>")
    soup = BeautifulSoup(output, "html.parser")
    assert [p.text for p in soup.find_all("p")] == ["prima", "dopo"]
    assert not soup.find_all(["script", "style"])


def test_empty_input():
    assert sanitize_html("") == ""
    assert sanitize_html(None) == ""
