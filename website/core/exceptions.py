"""The one exception a service raises when the rules do not allow a change."""

from django.utils.functional import Promise


class Refused(Exception):
    """A request the rules do not allow; ``message`` says why, for people (translatable)."""

    def __init__(self, message: str | Promise) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return str(self.message)
