"""Extension points of the personal-data app: each app answers for its own records.

``PERSONAL_DATA_SOURCES``: what a person's copy of their data holds. Each function fits
``PersonalDataSource``: it takes the person and returns a list of ``PersonalData``, one
per kind of record (a file name without extension, and one dict per record); the copy
writes each kind as JSON and as CSV.

``ERASURE_HANDLERS``: called inside the erasure's transaction, before the account is
anonymised. Each function fits ``ErasureHandler``: it deletes what its app keeps about
the person and needs no more, and minimises (name replaced by ``pseudonym``) what
funders require to be kept.

``RETENTION_HANDLERS``: called by the retention job when an erased person's retention period
has ended, inside ``website.core.retention.retention_purge``. Each function fits
``RetentionHandler``: it deletes the records its app kept for the funders (through the base
manager, so that append-only models let the job through), before the account itself goes.

An app registers through the constant, in its wagtail_hooks.py::

    from website.privacy.hooks import PERSONAL_DATA_SOURCES, PersonalData

    @hooks.register(PERSONAL_DATA_SOURCES)
    def enrolments_data(person) -> list[PersonalData]: ...
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from website.accounts.models import User

PERSONAL_DATA_SOURCES = "aula_personal_data_sources"
ERASURE_HANDLERS = "aula_erasure_handlers"
RETENTION_HANDLERS = "aula_retention_handlers"


@dataclass(frozen=True)
class PersonalData:
    name: str
    rows: list[dict[str, Any]] = field(default_factory=list)


class PersonalDataSource(Protocol):
    def __call__(self, person: User) -> list[PersonalData]: ...


class ErasureHandler(Protocol):
    def __call__(self, person: User, pseudonym: str) -> None: ...


class RetentionHandler(Protocol):
    def __call__(self, person: User) -> None: ...
