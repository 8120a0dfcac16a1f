"""Verification codes: random, readable, forgiving when typed back.

A code is 16 symbols of Crockford's base32 alphabet (digits and capital
letters without I, L, O and U, which are easily confused or misread): 80
random bits. It is stored bare (``7KQ2M9XD4HTR8B3N``), shown in groups of
four (``7KQ2-M9XD-4HTR-8B3N``) and read back in any case, with spaces, dashes
or dots anywhere, and with the letters people confuse with digits (O for 0,
I and L for 1) taken for those digits, as Crockford's decoding rules say.
"""

import base64
import secrets

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
LENGTH = 16  # 16 symbols × 5 bits = 80 bits of entropy
GROUP = 4
_ALLOWED = frozenset(ALPHABET)
_SEPARATORS = str.maketrans("", "", " -.\u2010\u2011\u2012\u2013\u2014\u00a0\t\n\r")
_LOOKALIKES = str.maketrans({"O": "0", "I": "1", "L": "1"})
# Longer input is never a code: no need to read it.
MAX_INPUT = 64
# RFC 4648 base32 of 10 random bytes is 16 symbols, 5 bits each, with no padding: the same
# bits written in Crockford's alphabet instead (one symbol for one, in order).
_BYTES = LENGTH * 5 // 8
_TO_CROCKFORD = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", ALPHABET)


def new_code() -> str:
    # One draw of 80 bits (a tenth of drawing each symbol apart: a bulk issue draws hundreds).
    return base64.b32encode(secrets.token_bytes(_BYTES)).decode("ascii").translate(_TO_CROCKFORD)


def normalise(value) -> str | None:
    """The bare code ``value`` stands for, or None when it cannot be one."""
    if not isinstance(value, str) or len(value) > MAX_INPUT:
        return None
    candidate = value.translate(_SEPARATORS).upper().translate(_LOOKALIKES)
    if len(candidate) != LENGTH or not _ALLOWED.issuperset(candidate):
        return None
    return candidate


def grouped(code: str) -> str:
    return "-".join(code[i : i + GROUP] for i in range(0, len(code), GROUP))
