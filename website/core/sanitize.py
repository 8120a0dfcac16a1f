"""The platform's one HTML sanitiser: every piece of user-written HTML passes through here.

    from website.core.sanitize import sanitize_html
    safe = sanitize_html(untrusted_html)

Built on bleach with a strict allow-list:

- only the tags in ``ALLOWED_TAGS`` survive (others are removed, their text kept);
- only the attributes in ``ALLOWED_ATTRIBUTES`` survive, and each value is checked
  (no ``on*`` handlers, no ``style``, classes only from a short list);
- links point only to ``http``, ``https``, ``mailto`` or a path of this site, and
  get ``rel="nofollow noopener"``; bare web addresses in the text become links;
- images come only from this site (a path such as ``/forum/allegati/…``): an
  image from elsewhere would tell a third party who reads the page, so it is
  replaced by its alternative text;
- comments are dropped;
- bidirectional control characters (U+202E and the like) are dropped, so a
  post cannot show its text, or a link's, in a misleading order.

The output is stable: sanitising it again gives the same string, which is what
defeats mutation XSS (markup that turns dangerous when a browser re-parses it).
"""

import re
import threading
from functools import partial
from urllib.parse import urlsplit

from bleach import html5lib_shim
from bleach.linkifier import LinkifyFilter
from bleach.sanitizer import Cleaner

from .text import strip_bidi_controls

ALLOWED_TAGS = frozenset(
    {
        "a",
        "abbr",
        "b",
        "blockquote",
        "br",
        "code",
        "del",
        "em",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "hr",
        "i",
        "img",
        "li",
        "ol",
        "p",
        "pre",
        "s",
        "span",
        "strong",
        "sub",
        "sup",
        "ul",
    }
)

ALLOWED_ATTRIBUTES = {
    "a": frozenset({"href", "title", "rel"}),
    "abbr": frozenset({"title"}),
    "code": frozenset({"class"}),
    "img": frozenset({"src", "alt", "title", "width", "height"}),
    "ol": frozenset({"start"}),
    "span": frozenset({"class"}),
}

ALLOWED_PROTOCOLS = frozenset({"http", "https", "mailto"})

LINK_REL = "nofollow noopener"

# Classes other code relies on: Markdown's fenced code blocks and forum mentions.
_CLASS_PATTERNS = {
    "code": re.compile(r"language-[a-z0-9+#-]{1,30}"),
    "span": re.compile(r"mention"),
}
_NUMBER = re.compile(r"\d{1,4}")


# The same controls written as character references, which the cleaner keeps as written.
_BIDI_REFERENCE = re.compile(
    r"&(?:#x0*(?:61c|200[ef]|202[a-e]|206[6-9])(?![0-9a-f])"
    r"|#0*(?:1564|820[67]|823[4-8]|829[4-7])(?![0-9])"
    r"|(?:lrm|rlm)(?=;));?",
    re.IGNORECASE,
)


def is_site_path(url: str) -> bool:
    """A path on this site ("/forum/allegati/1/"), not "//elsewhere" or "/\\elsewhere"."""
    return url.startswith("/") and not url.startswith(("//", "/\\")) and "\\" not in url


def is_safe_link(url: str) -> bool:
    """True for http(s) and mailto addresses, fragments and paths of this site."""
    url = html5lib_shim.convert_entities(url).strip()
    if any(ord(char) < 32 or char.isspace() for char in url):
        return False
    if url.startswith("#"):
        return True
    if url.startswith("/"):
        return is_site_path(url)
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    if parts.scheme.lower() in {"http", "https"}:
        return bool(parts.netloc) and "\\" not in url
    return parts.scheme.lower() == "mailto" and len(url) > len("mailto:")


def _allowed_attribute(tag: str, name: str, value: str) -> bool:
    if name not in ALLOWED_ATTRIBUTES.get(tag, ()):
        return False
    if name == "href":
        return is_safe_link(value)
    if name == "src":
        return is_site_path(html5lib_shim.convert_entities(value).strip())
    if name == "class":
        return bool(_CLASS_PATTERNS[tag].fullmatch(value))
    if name in {"width", "height", "start"}:
        return bool(_NUMBER.fullmatch(value))
    if name == "rel":
        return value == LINK_REL
    return True


def _link_attributes(attrs, new=False):
    """Linkify callback: every link gets the same rel; unsafe targets lose their link."""
    href = attrs.get((None, "href"), "")
    if not is_safe_link(href):
        return None
    return {
        (None, "href"): href,
        (None, "rel"): LINK_REL,
        **_titles(attrs),
        "_text": attrs["_text"],
    }


def _titles(attrs):
    title = attrs.get((None, "title"))
    return {(None, "title"): title} if title else {}


class _ImagesFromThisSiteFilter(html5lib_shim.Filter):
    """An image with no acceptable source becomes its alternative text."""

    def __iter__(self):
        for token in super().__iter__():
            if token["type"] in ("StartTag", "EmptyTag") and token["name"] == "img":
                attributes = token.get("data") or {}
                if (None, "src") not in attributes:
                    alt = attributes.get((None, "alt"), "")
                    if alt:
                        yield {"type": "Characters", "data": alt}
                    continue
            yield token


def _build_cleaner() -> Cleaner:
    return Cleaner(
        tags=ALLOWED_TAGS,
        attributes=_allowed_attribute,
        protocols=ALLOWED_PROTOCOLS,
        strip=True,
        strip_comments=True,
        filters=[
            _ImagesFromThisSiteFilter,
            partial(
                LinkifyFilter,
                callbacks=[_link_attributes],
                skip_tags={"pre", "code"},
                parse_email=False,
            ),
        ],
    )


# bleach's Cleaner keeps parser state, so each thread gets its own.
_local = threading.local()


def sanitize_html(html: str) -> str:
    """Untrusted HTML in, HTML that is safe to put in a page out."""
    if not html:
        return ""
    cleaner = getattr(_local, "cleaner", None)
    if cleaner is None:
        cleaner = _local.cleaner = _build_cleaner()
    return _BIDI_REFERENCE.sub("", cleaner.clean(strip_bidi_controls(html)))
