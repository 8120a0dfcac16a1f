"""The one exception a service raises when the rules do not allow a change."""

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


class Refused(Exception):
    """A request the rules do not allow; ``message`` says why, for people (translatable)."""

    def __init__(self, message: "StrOrPromise") -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return str(self.message)
