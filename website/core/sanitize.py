"""The platform's one HTML sanitiser: every piece of user-written HTML passes through here.

    from website.core.sanitize import sanitize_html
    safe = sanitize_html(untrusted_html)

Built on nh3 (the Python binding of the Rust sanitiser ammonia) with a strict allow-list:

- only the tags in ``ALLOWED_TAGS`` survive (others are removed, their text kept;
  ``script`` and ``style`` lose their text too);
- only the attributes in ``ALLOWED_ATTRIBUTES`` survive, and each value is checked
  (no ``on*`` handlers, no ``style``, classes only from a short list);
- links point only to ``http``, ``https``, ``mailto`` or a path of this site, and
  get ``rel="nofollow noopener"`` (a link to anywhere else becomes its text);
  bare web addresses in the text (``http://…``,
  ``https://…``, ``www.…``) become links, except inside links and code;
- images come only from this site (a path such as ``/forum/allegati/…``): an
  image from elsewhere would tell a third party who reads the page, so it is
  replaced by its alternative text;
- comments are dropped;
- bidirectional control characters (U+202E and the like), raw or written as
  character references, are dropped, so a post cannot show its text, or a
  link's, in a misleading order.

Character references come out as the characters they stand for (``&#8364;`` → ``€``),
except the few HTML needs escaped (``&amp;``, ``&lt;``, ``&gt;``, ``&quot;``, ``&nbsp;``).
The output is stable: sanitising it again gives the same string, which is what
defeats mutation XSS (markup that turns dangerous when a browser re-parses it).
"""

import html
import re
from urllib.parse import urlsplit

import nh3

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

# Tags removed together with their text.
_CONTENT_DROPPED = frozenset({"script", "style"})

# Classes other code relies on: Markdown's fenced code blocks and forum mentions.
_CLASS_PATTERNS = {
    "code": re.compile(r"language-[a-z0-9+#-]{1,30}"),
    "span": re.compile(r"mention"),
}
_NUMBER = re.compile(r"\d{1,4}")

# nh3's output is well-formed: text never holds "<", attribute values are always double-quoted.
_TAG = re.compile(r'<(/?)([a-z][a-z0-9]*)((?:[^>"]|"[^"]*")*)>')
_ATTRIBUTE = re.compile(r'([a-z-]+)="([^"]*)"')
_NOT_LINKIFIED_INSIDE = frozenset({"a", "pre", "code"})
_BARE_ADDRESS = re.compile(r"(?<![\w@/.:-])(?:https?://|www\.)[^\s<>\"'`]+", re.IGNORECASE)
_TRAILING_PUNCTUATION = ".,:;!?'\""
_MAX_EXTRA_PASSES = 4


def is_site_path(url: str) -> bool:
    """A path on this site ("/forum/allegati/1/"), not "//elsewhere" or "/\\elsewhere"."""
    return url.startswith("/") and not url.startswith(("//", "/\\")) and "\\" not in url


def is_safe_link(url: str) -> bool:
    """True for http(s) and mailto addresses, fragments and paths of this site.

    ``url`` is the attribute's value as a browser reads it (character references decoded).
    """
    url = url.strip()
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


def _checked_attribute(tag: str, name: str, value: str) -> str | None:
    """nh3's attribute filter: the value to keep, or None to drop the attribute."""
    value = strip_bidi_controls(value)
    if name not in ALLOWED_ATTRIBUTES.get(tag, ()):
        return None
    if name == "href":
        return value.strip() if is_safe_link(value) else None
    if name == "src":
        return value.strip() if is_site_path(value.strip()) else None
    if name == "class":
        return value if _CLASS_PATTERNS[tag].fullmatch(value) else None
    if name in {"width", "height", "start"}:
        return value if _NUMBER.fullmatch(value) else None
    if name == "rel":
        return value if value == LINK_REL else None
    return value


_cleaner = nh3.Cleaner(
    tags=set(ALLOWED_TAGS),
    clean_content_tags=set(_CONTENT_DROPPED),
    # nh3 sets rel itself (link_rel) and refuses it among the allowed attributes.
    attributes={tag: set(names - {"rel"}) for tag, names in ALLOWED_ATTRIBUTES.items()},
    attribute_filter=_checked_attribute,
    url_schemes=set(ALLOWED_PROTOCOLS),
    strip_comments=True,
    link_rel=LINK_REL,
)


def _attributes(source: str) -> dict[str, str]:
    return {name: html.unescape(value) for name, value in _ATTRIBUTE.findall(source)}


def _without_trailing_punctuation(address: str) -> str:
    """``address`` without the punctuation that ends the sentence around it."""
    end = len(address)
    while end:
        char = address[end - 1]
        unbalanced_paren = char == ")" and address.count("(", 0, end) < address.count(")", 0, end)
        if char not in _TRAILING_PUNCTUATION and not unbalanced_paren:
            break
        end -= 1
    return address[:end]


def _linkify(text: str) -> str:
    """Escaped text with its bare web addresses made into links."""
    plain = html.unescape(text)
    pieces: list[str] = []
    position = 0
    for match in _BARE_ADDRESS.finditer(plain):
        address = _without_trailing_punctuation(match.group())
        if not address:
            continue
        href = address if "://" in address else f"http://{address}"
        if not is_safe_link(href):
            continue
        pieces += [
            html.escape(plain[position : match.start()], quote=False),
            f'<a href="{html.escape(href)}">{html.escape(address, quote=False)}</a>',
        ]
        position = match.start() + len(address)
    if not pieces:
        return text
    return "".join(pieces) + html.escape(plain[position:], quote=False)


def _without_lost_addresses(cleaned: str) -> str:
    """Images and links the cleaner left without an address become their text."""
    pieces: list[str] = []
    links_dropped: list[bool] = []  # one per open link (a table can leave them nested)
    position = 0
    for tag in _TAG.finditer(cleaned):
        pieces.append(cleaned[position : tag.start()])
        position = tag.end()
        closing, name, attributes = tag.groups()
        if name == "img" and "src" not in _attributes(attributes):
            pieces.append(html.escape(_attributes(attributes).get("alt", ""), quote=False))
        elif name == "a" and not closing:
            links_dropped.append("href" not in _attributes(attributes))
            if not links_dropped[-1]:
                pieces.append(tag.group())
        elif name == "a":
            if not (links_dropped and links_dropped.pop()):
                pieces.append(tag.group())
        else:
            pieces.append(tag.group())
    pieces.append(cleaned[position:])
    return "".join(pieces)


def _with_addresses_linked(cleaned: str) -> str:
    """Bare web addresses become links, except inside links and code."""
    pieces: list[str] = []
    inside = 0
    position = 0
    for tag in _TAG.finditer(cleaned):
        text = cleaned[position : tag.start()]
        pieces += [text if inside else _linkify(text), tag.group()]
        position = tag.end()
        closing, name, _ = tag.groups()
        if name in _NOT_LINKIFIED_INSIDE:
            inside = max(inside - 1, 0) if closing else inside + 1
    text = cleaned[position:]
    pieces.append(text if inside else _linkify(text))
    return "".join(pieces)


def _sanitized_once(markup: str) -> str:
    # The cleaner decodes character references, so "&#x202E;" is a control by now
    # (in attribute values the filter drops them before checking).
    cleaned = strip_bidi_controls(_cleaner.clean(markup))
    # The new links and alt texts go through the cleaner again, which checks their
    # addresses and writes them as it writes everything else.
    return _cleaner.clean(_with_addresses_linked(_without_lost_addresses(cleaned)))


def sanitize_html(html: str) -> str:
    """Untrusted HTML in, HTML that is safe to put in a page out."""
    if not html:
        return ""
    safe = _sanitized_once(html)
    # Markup the parser had to repair (a link left inside a link once a <select>
    # around it is gone) may settle only on a later pass. Every pass is safe; this
    # keeps the output stable, so sanitising it again changes nothing.
    for _ in range(_MAX_EXTRA_PASSES):
        again = _sanitized_once(safe)
        if again == safe:
            break
        safe = again
    return safe
