"""Extension point the attendance app offers: panels on an edition's register page.

An app registers through the constant, in its wagtail_hooks.py::

    from attendance.hooks import REGISTER_PAGE_PANELS

    @hooks.register(REGISTER_PAGE_PANELS)
    def exports_panel(request, edition) -> str: ...

Each function fits ``RegisterPagePanel``, returns rendered HTML (or "") and checks its
own permissions; panels appear after the register (see ``courses.hooks.render_panels``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

from django.http import HttpRequest

if TYPE_CHECKING:
    from courses.models import Edition

REGISTER_PAGE_PANELS = "aula_register_panels"


class RegisterPagePanel(Protocol):
    def __call__(self, request: HttpRequest, edition: Edition) -> str | None: ...
