"""Plain text from people, made safe to show next to other text."""

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
