"""Extension point the quizzes app offers: gates that may close a quiz to a learner.

Every learner-facing view of the app (entry page, start, answer, finish, review)
consults the gates before anything else it does with the quiz, once it knows the
person may see the course at all. An app that decides when a quiz opens (the
availability rules of ``learning``) registers through the constant, in its
wagtail_hooks.py::

    from quizzes.hooks import QUIZ_GATES, Closure

    @hooks.register(QUIZ_GATES)
    def availability_gate(user, quiz) -> Closure | None:
        return Closure(reason=_("Si apre dopo la prima giornata d'aula."), opens_at=...)

When any gate returns a ``Closure`` the view answers with a "not yet available"
page (status 200) that shows the reason and, if known, when the quiz opens.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Protocol

from wagtail import hooks

if TYPE_CHECKING:
    from website.accounts.types import AnyUser

    from .models import Quiz

QUIZ_GATES = "aula_quiz_gates"


@dataclass(frozen=True)
class Closure:
    reason: str
    opens_at: datetime | None = None


class QuizGate(Protocol):
    def __call__(self, user: AnyUser, quiz: Quiz) -> Closure | None: ...


def closure_for(user: AnyUser, quiz: Quiz) -> Closure | None:
    """The first closure any registered gate returns, or None when every gate lets through."""
    gate: QuizGate
    for gate in hooks.get_hooks(QUIZ_GATES):
        closure = gate(user, quiz)
        if closure is not None:
            return closure
    return None
