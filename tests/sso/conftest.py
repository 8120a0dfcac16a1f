import pytest

from .helpers import HOST
from .idp import OidcProvider, SamlIdentityProvider


@pytest.fixture(scope="session")
def oidc_server():
    provider = OidcProvider().start()
    yield provider
    provider.stop()


@pytest.fixture
def oidc_idp(oidc_server, settings):
    """The loopback OpenID Connect provider, configured as the site's only provider."""
    oidc_server.person = {}
    oidc_server.id_token_overrides = {}
    settings.SOCIALACCOUNT_PROVIDERS = {"openid_connect": {"APPS": [oidc_server.app()]}}
    return oidc_server


@pytest.fixture(scope="session")
def saml_provider():
    return SamlIdentityProvider()


@pytest.fixture
def saml_idp(saml_provider, settings):
    settings.SOCIALACCOUNT_PROVIDERS = {"saml": {"APPS": [saml_provider.app()]}}
    return saml_provider


@pytest.fixture
def client(client, settings):
    """Browsers always send Host; python3-saml builds the addresses it checks from it (and
    refuses a single-label host such as Django's "testserver")."""
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, HOST]
    client.defaults["HTTP_HOST"] = HOST
    return client
