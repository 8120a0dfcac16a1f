"""Extension point the surveys app offers: gates that close a survey to a learner.

Every learner-facing view of the app (answering, the thank-you page) asks every gate
before anything else, once it knows the person may see the survey at all. An app that
decides when an activity is available (the learning app) registers through the
constant, in its wagtail_hooks.py::

    from surveys.hooks import SURVEY_GATES, Closure

    @hooks.register(SURVEY_GATES)
    def availability_gate(user, survey) -> Closure | None:
        return Closure(reason=_("Si apre dopo l'ultima giornata d'aula."), opens_at=...)

A gate returns None to let the person in, or a ``Closure``: the view then shows a
"not yet available" page with the reason (and the opening time when known).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Protocol

from wagtail import hooks

if TYPE_CHECKING:
    from website.accounts.types import AnyUser

    from .models import Survey

SURVEY_GATES = "aula_survey_gates"


@dataclass(frozen=True)
class Closure:
    reason: str
    opens_at: datetime | None


class SurveyGate(Protocol):
    def __call__(self, user: AnyUser, survey: Survey) -> Closure | None: ...


def first_closure(user: AnyUser, survey: Survey) -> Closure | None:
    """The first gate's closure for ``user`` on ``survey``, or None when all let them in."""
    gate: SurveyGate
    for gate in hooks.get_hooks(SURVEY_GATES):
        closure = gate(user, survey)
        if closure is not None:
            return closure
    return None
