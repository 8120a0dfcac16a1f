"""Further conditions for a certificate, beyond attendance, that other apps contribute
through ``certificates.hooks.CERTIFICATE_CONDITIONS``.

A training manager requires one in a course's certificate rule. The answer for a whole
edition comes from one call, so issuing stays a fixed number of queries. A condition a
rule requires but no app provides any more is met by nobody: certificates are never
issued on a rule that cannot be checked.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from wagtail import hooks

from courses.models import Edition

from .hooks import CERTIFICATE_CONDITIONS, ProvidedCondition

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


@dataclass(frozen=True)
class Condition:
    key: str
    label: "StrOrPromise"
    users_meeting: Callable[[Edition, Iterable[int]], set[int]]


def available_conditions() -> dict[str, Condition]:
    found = {}
    for hook in hooks.get_hooks(CERTIFICATE_CONDITIONS):
        provided: ProvidedCondition = hook()
        found[provided.key] = Condition(
            key=provided.key, label=provided.label, users_meeting=provided.users_meeting
        )
    return found


def condition_choices() -> list[tuple[str, "StrOrPromise"]]:
    return [(condition.key, condition.label) for condition in available_conditions().values()]
