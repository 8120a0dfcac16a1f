"""E-mail domains trusted to confirm an affiliation, each within its scope.

``settings.AFFILIATION_TRUSTED_DOMAINS`` maps a domain to a scope:
``region:<region code>``, ``cluster:<cluster code>`` or ``centre:<centre code>``.
A verified address at the domain (exactly that domain, not its subdomains)
confirms a request for a centre inside the scope; nothing else.
"""

from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from .models import EmploymentCentre

SCOPE_KINDS = ("region", "cluster", "centre")


@dataclass(frozen=True)
class Scope:
    kind: str
    code: str

    def covers(self, centre: EmploymentCentre) -> bool:
        code = {
            "region": lambda: centre.cluster.region.code,
            "cluster": lambda: centre.cluster.code,
            "centre": lambda: centre.code,
        }[self.kind]()
        return code.casefold() == self.code.casefold()


def parse(mapping: dict[str, str]) -> dict[str, Scope]:
    """The setting's domains (lower case) and their scopes; a malformed entry is an error."""
    scopes = {}
    for domain, value in mapping.items():
        kind, _sep, code = str(value).partition(":")
        domain = domain.strip().lower().lstrip("@")
        if not domain or kind.strip() not in SCOPE_KINDS or not code.strip():
            raise ImproperlyConfigured(
                f"AFFILIATION_TRUSTED_DOMAINS: {domain}={value} is not "
                "domain=region:<code>, domain=cluster:<code> or domain=centre:<code>."
            )
        scopes[domain] = Scope(kind=kind.strip(), code=code.strip())
    return scopes


def trusted_scopes() -> dict[str, Scope]:
    return parse(getattr(settings, "AFFILIATION_TRUSTED_DOMAINS", {}) or {})


def domain_of(email: str) -> str:
    return email.rpartition("@")[2].strip().lower()


def vouches_for(email: str, centre: EmploymentCentre) -> bool:
    """Whether an address at this e-mail's domain may confirm a place in ``centre``."""
    scope = trusted_scopes().get(domain_of(email))
    return scope is not None and scope.covers(centre)
