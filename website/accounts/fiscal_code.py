"""The Italian fiscal code (codice fiscale) of a person: normalised and checked.

Identity providers send it as SPID does, often with the ``TINIT-`` prefix of the ETSI
natural-person identifier; it is stored bare and upper-case. The check character is
verified, and the letters that replace digits in the codes of homonyms (omocodia) are
accepted.
"""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

PREFIX = "TINIT-"
PATTERN = re.compile(
    r"^[A-Z]{6}[0-9LMNPQRSTUV]{2}[ABCDEHLMPRST][0-9LMNPQRSTUV]{2}[A-Z][0-9LMNPQRSTUV]{3}[A-Z]$"
)
# The values of the characters in odd positions (first, third, ...): digits and letters
# share the first ten values.
_ODD_DIGITS = [1, 0, 5, 7, 9, 13, 15, 17, 19, 21]
_ODD_LETTERS = [*_ODD_DIGITS, 2, 4, 18, 20, 11, 3, 6, 8, 12, 14, 16, 10, 22, 25, 24, 23]
_ODD = dict(zip("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ", _ODD_DIGITS + _ODD_LETTERS, strict=True))
_EVEN = {**{str(d): d for d in range(10)}, **{chr(65 + i): i for i in range(26)}}


def normalise(value: str) -> str:
    value = "".join((value or "").split()).upper()
    return value.removeprefix(PREFIX)


def check_character(first_fifteen: str) -> str:
    total = sum(
        (_ODD if index % 2 == 0 else _EVEN)[char] for index, char in enumerate(first_fifteen)
    )
    return chr(65 + total % 26)


def is_valid(value: str) -> bool:
    return bool(PATTERN.match(value)) and check_character(value[:15]) == value[15]


def validate_fiscal_code(value: str) -> None:
    if value and not is_valid(value):
        raise ValidationError(
            _("%(value)s non è un codice fiscale valido."),
            code="invalid_fiscal_code",
            params={"value": value},
        )
