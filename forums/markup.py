"""Posts are written in Markdown and stored as source plus sanitised HTML.

Raw HTML in the source is shown as text (it is never markup), headings start
at level 3 (the page has its h1 and each post its h2), a line break is a line
break, and ``@handle`` becomes a mention when the handle belongs to someone.
Whatever Markdown produces then goes through the platform's one sanitiser.
"""

import re
import xml.etree.ElementTree as etree
from collections.abc import Iterable
from dataclasses import dataclass

import markdown
from markdown.inlinepatterns import InlineProcessor
from markdown.treeprocessors import Treeprocessor
from markdown.util import AtomicString

from website.core.sanitize import sanitize_html

HANDLE_PATTERN = r"[a-z0-9](?:[a-z0-9._-]{0,38}[a-z0-9])?"
MENTION_RE = re.compile(r"(?<![\w@./+-])@(" + HANDLE_PATTERN + r")", re.IGNORECASE)


@dataclass(frozen=True)
class Rendered:
    html: str
    mentions: frozenset[str]


def mention_candidates(source: str) -> set[str]:
    """Every @handle-looking word in the source, lower-cased (code included: cheap)."""
    return {match.lower() for match in MENTION_RE.findall(source or "")}


class _MentionProcessor(InlineProcessor):
    def __init__(self, handles: Iterable[str], found: set[str]) -> None:
        super().__init__(MENTION_RE.pattern)
        self.compiled_re = MENTION_RE
        self.handles = handles
        self.found = found

    # InlineProcessor itself overrides Pattern.handleMatch with another signature (the
    # markdown stubs ignore it there too); this matches InlineProcessor's.
    def handleMatch(  # type: ignore[override]
        self, match: re.Match[str], data: str
    ) -> tuple[etree.Element | None, int | None, int | None]:
        handle = match.group(1).lower()
        if handle not in self.handles:
            return None, None, None
        self.found.add(handle)
        element = etree.Element("span", {"class": "mention"})
        element.text = AtomicString(f"@{handle}")
        return element, match.start(0), match.end(0)


class _HeadingsFromLevelThree(Treeprocessor):
    def run(self, root: etree.Element) -> None:
        for element in root.iter():
            if len(element.tag) == 2 and element.tag[0] == "h" and element.tag[1].isdigit():
                element.tag = f"h{min(int(element.tag[1]) + 2, 6)}"


def render_markdown(source: str, *, handles: Iterable[str] = frozenset()) -> Rendered:
    """Markdown source → sanitised HTML and the handles mentioned (among ``handles``)."""
    md = markdown.Markdown(extensions=["fenced_code", "sane_lists", "nl2br"])
    # Raw HTML is text, never markup.
    md.preprocessors.deregister("html_block")
    md.inlinePatterns.deregister("html")
    found: set[str] = set()
    md.inlinePatterns.register(_MentionProcessor(frozenset(handles), found), "mention", 65)
    md.treeprocessors.register(_HeadingsFromLevelThree(md), "headings_from_three", 5)
    html = md.convert(source or "")
    return Rendered(html=sanitize_html(html), mentions=frozenset(found))


def quote_source(text: str, *, attribution: str) -> str:
    """The Markdown that quotes a post: an attribution line and the text as a blockquote."""
    lines = [attribution, *text.strip().splitlines()]
    return "\n".join(f"> {line}" if line.strip() else ">" for line in lines) + "\n\n"
