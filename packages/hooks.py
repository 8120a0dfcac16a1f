"""Extension points the packages app offers.

``PACKAGE_GATES``: every learner-facing view of a package (the player, the files, the
run-time commits, the H5P events) asks each gate before anything else; a gate returns a
``Closure`` when the package is not open to the person yet (the learning app registers
one that applies its availability rules)::

    from packages.hooks import PACKAGE_GATES, Closure

    @hooks.register(PACKAGE_GATES)
    def availability(user, package) -> Closure | None: ...

The views then answer a "not yet available" page (200) to a learner who may see the
course, and 404 to someone who may not.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Protocol

from wagtail import hooks

if TYPE_CHECKING:
    from website.accounts.types import AnyUser

    from .models import Package

PACKAGE_GATES = "aula_package_gates"


@dataclass(frozen=True)
class Closure:
    reason: str
    opens_at: datetime | None


class PackageGate(Protocol):
    def __call__(self, user: AnyUser, package: Package) -> Closure | None: ...


def closure_for(user: AnyUser, package: Package) -> Closure | None:
    """The first Closure any gate returns, or None when the package is open."""
    gate: PackageGate
    for gate in hooks.get_hooks(PACKAGE_GATES):
        closure = gate(user, package)
        if closure is not None:
            return closure
    return None
