"""Extension points the reports app offers.

``TRAINING_RECORD_PANELS``: panels on a person's training record. Each function fits
``TrainingRecordPanel`` and returns rendered HTML (or "") for the record of ``person``
as ``request.user`` sees it (the page has already checked that they may), in a fixed
number of queries; panels follow the record's own content.

``PROGRAMME_REPORT_PANELS``: panels after a programme's report on the site. Each function
fits ``ProgrammeReportPanel`` and returns rendered HTML (or "") for ``programme`` as
``request.user`` sees it (the page has already checked that they may read the report),
checks its own permissions and makes a fixed number of queries.

``CERTIFICATE_HOLDERS``: the certificates the reports count, without importing the
certificates app. Each function fits ``CertificateHolders``: it takes no argument and
returns a QuerySet of the certificates that count as issued (rows with ``user_id`` and
``edition_id`` columns). With no function registered every certificate count is zero.

An app registers through the constant, in its wagtail_hooks.py::

    from reports.hooks import TRAINING_RECORD_PANELS

    @hooks.register(TRAINING_RECORD_PANELS)
    def certificates_panel(request, person) -> str: ...
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

from django.db.models import QuerySet
from django.http import HttpRequest

if TYPE_CHECKING:
    from courses.models import Programme
    from website.accounts.models import User

TRAINING_RECORD_PANELS = "aula_training_record_panels"
CERTIFICATE_HOLDERS = "aula_certificate_holders"
PROGRAMME_REPORT_PANELS = "aula_programme_report_panels"


class TrainingRecordPanel(Protocol):
    def __call__(self, request: HttpRequest, person: User) -> str | None: ...


class CertificateHolders(Protocol):
    def __call__(self) -> QuerySet: ...


class ProgrammeReportPanel(Protocol):
    def __call__(self, request: HttpRequest, programme: Programme) -> str | None: ...
