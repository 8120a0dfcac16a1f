from django.core.checks import Error, register
from django.core.exceptions import ImproperlyConfigured

from .trusted_domains import trusted_scopes


@register()
def trusted_domains_check(app_configs, **kwargs):
    """A malformed AFFILIATION_TRUSTED_DOMAINS stops the site at start, not at a sign-up."""
    try:
        trusted_scopes()
    except ImproperlyConfigured as error:
        return [Error(str(error), id="accounts.E001")]
    return []
