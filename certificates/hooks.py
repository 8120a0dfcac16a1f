"""Extension point the certificates app offers: further conditions for a certificate,
beyond attendance, that other apps contribute.

An app that can tell whether people met a condition (a final quiz passed, the feedback
survey answered) registers through the constant, in its wagtail_hooks.py::

    from certificates.hooks import CERTIFICATE_CONDITIONS

    @hooks.register(CERTIFICATE_CONDITIONS)
    def final_quiz_condition():
        return SimpleNamespace(
            key="quiz-finale",                    # stored in the course's rule
            label=_("Test finale superato"),      # shown on the course page and the certificate
            users_meeting=lambda edition, user_ids: {...},  # the ids among user_ids who met it
        )

Each function fits ``CertificateCondition``: it takes no argument and returns an object
with the attributes of ``ProvidedCondition``. See ``certificates.conditions``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

    from courses.models import Edition

CERTIFICATE_CONDITIONS = "aula_certificate_conditions"


class ProvidedCondition(Protocol):
    key: str
    label: StrOrPromise
    users_meeting: Callable[[Edition, Iterable[int]], set[int]]


class CertificateCondition(Protocol):
    def __call__(self) -> ProvidedCondition: ...
