"""Plain text from people, made safe to show next to other text."""

from django.utils.html import strip_tags

# Embeddings, overrides, isolates and marks that reorder how text is shown: a name
# with U+202E (right-to-left override) displays reversed and can pass for another
# (a file "fattura‮fdp.exe" shows as "fatturaexe.pdf").
BIDI_CONTROLS = frozenset(
    "\u061c"  # Arabic letter mark
    "\u200e\u200f"  # left-to-right and right-to-left marks
    "\u202a\u202b\u202c\u202d\u202e"  # embeddings, pop, overrides
    "\u2066\u2067\u2068\u2069"  # isolates
)
_WITHOUT_BIDI_CONTROLS = dict.fromkeys(map(ord, BIDI_CONTROLS))


def strip_bidi_controls(text: str) -> str:
    """``text`` without bidirectional control characters."""
    return text.translate(_WITHOUT_BIDI_CONTROLS)


# C0 and C1 control characters but tab and line feed (a carriage return is folded into them).
_CONTROLS = dict.fromkeys(
    [*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F, *range(0x80, 0xA0)]
)


def plain_text(text: str) -> str:
    """``text`` as plain text: no markup, no control or bidirectional characters, trimmed.

    Tags are removed, not escaped, so a comment pasted from a web page reads as its
    words; what is left is still escaped wherever it is shown.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return strip_tags(strip_bidi_controls(text)).translate(_CONTROLS).strip()
