"""Further conditions for a certificate, beyond attendance, that other apps contribute
through ``certificates.hooks.CERTIFICATE_CONDITIONS``.

A training manager requires one in a course's certificate rule. The answer for a whole
edition comes from one call, so issuing stays a fixed number of queries. A condition a
rule requires but no app provides any more is met by nobody: certificates are never
issued on a rule that cannot be checked.
"""

from dataclasses import dataclass

from wagtail import hooks

from .hooks import CERTIFICATE_CONDITIONS


@dataclass(frozen=True)
class Condition:
    key: str
    label: str
    users_meeting: object  # (edition, user_ids) -> set of user ids


def available_conditions() -> dict[str, Condition]:
    found = {}
    for hook in hooks.get_hooks(CERTIFICATE_CONDITIONS):
        provided = hook()
        found[provided.key] = Condition(
            key=provided.key, label=provided.label, users_meeting=provided.users_meeting
        )
    return found


def condition_choices():
    return [(condition.key, condition.label) for condition in available_conditions().values()]
