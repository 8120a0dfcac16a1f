"""Further conditions for a certificate, beyond attendance, that other apps contribute.

An app that can tell whether people met a condition (a final quiz passed,
the feedback survey answered) registers, in its wagtail_hooks.py::

    @hooks.register("aula_certificate_conditions")
    def final_quiz_condition():
        return SimpleNamespace(
            key="quiz-finale",                    # stored in the course's rule
            label=_("Test finale superato"),      # shown on the course page and the certificate
            users_meeting=lambda edition, user_ids: {...},  # the ids among user_ids who met it
        )

A training manager then requires it in a course's certificate rule. The
answer for a whole edition comes from one call, so issuing stays a fixed
number of queries. A condition a rule requires but no app provides any more
is met by nobody: certificates are never issued on a rule that cannot be
checked.
"""

from dataclasses import dataclass

from wagtail import hooks

CONDITIONS_HOOK = "aula_certificate_conditions"


@dataclass(frozen=True)
class Condition:
    key: str
    label: str
    users_meeting: object  # (edition, user_ids) -> set of user ids


def available_conditions() -> dict[str, Condition]:
    found = {}
    for hook in hooks.get_hooks(CONDITIONS_HOOK):
        provided = hook()
        found[provided.key] = Condition(
            key=provided.key, label=provided.label, users_meeting=provided.users_meeting
        )
    return found


def condition_choices():
    return [(condition.key, condition.label) for condition in available_conditions().values()]
