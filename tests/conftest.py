"""Fixtures shared by every app's tests: people in each role, a small organisation."""

import itertools
import logging
import os

import pytest
from allauth.account.models import EmailAddress
from django.core.signals import got_request_exception

from website.accounts.models import Cluster, EmploymentCentre, Region, User
from website.accounts.roles import Role, role_group

# Course fixtures (programme, course, make_edition, place, …) serve several apps.
pytest_plugins = ["tests.courses.fixtures", "tests.demo_db"]

PASSWORD = "Password-di-prova-2026"

_sequence = itertools.count(1)


def _log_swallowed_exception(sender, request=None, **kwargs):
    """Django answers 500 when its own 404 or 403 page fails to render, without logging
    why; the suite logs it (to var/test/errors-<worker>.log too, see the test settings)."""
    logging.getLogger("tests.server").error(
        "Exception while answering %s", getattr(request, "path", "?"), exc_info=True
    )


got_request_exception.connect(_log_swallowed_exception)


def pytest_configure(config):
    """``AULA_TEST_CLOCK=2026-12-31T23:30Z`` runs the suite as if it were that moment.

    Many rules read the calendar (holidays, enrolment windows, the Italian day
    against UTC's); a run at an awkward moment finds a test that only passes on
    ordinary days. The browser keeps its own clock, so leave the browser tests
    out of such a run (``-m "not browser"``).
    """
    moment = os.environ.get("AULA_TEST_CLOCK")
    if moment:
        import time_machine

        config._aula_clock = time_machine.travel(moment, tick=True)
        config._aula_clock.start()


def _backends_of_this_run() -> set[str]:
    """The backend markers this run satisfies: its database's vendor, and ``redis`` if configured."""
    from django.conf import settings
    from django.db import connection

    backends = {connection.vendor}  # "sqlite" or "postgresql"
    if settings.REDIS_URL:
        backends.add("redis")
    return backends


# Marker → what the run needs for it (the markers are registered in pyproject.toml).
_BACKEND_MARKERS = {"postgres": "postgresql", "sqlite": "sqlite", "redis": "redis"}


def _deselect_other_backends(config: pytest.Config, items: list[pytest.Item]) -> None:
    """The suite runs on SQLite and on PostgreSQL + Redis: a test marked for a backend this
    run lacks is deselected (reported as such), never skipped at run time."""
    backends = _backends_of_this_run()
    kept, deselected = [], []
    for item in items:
        needs = {
            backend
            for marker, backend in _BACKEND_MARKERS.items()
            if item.get_closest_marker(marker)
        }
        (kept if needs <= backends else deselected).append(item)
    if deselected:
        config.hook.pytest_deselected(items=deselected)
        items[:] = kept


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config, items):
    """Tests that commit (transactional ones, browser tests) start from the migrated data.

    A transactional test empties the database when it ends, which would take
    with it the rows data migrations made (role groups, Wagtail's root page).
    Serialized rollback restores them, so every such test gets it, except those
    that read the demo: they start from a copy of it (see tests/demo_db.py).
    Tests marked for a backend this run lacks are deselected first.
    """
    _deselect_other_backends(config, items)
    for item in items:
        names = getattr(item, "fixturenames", None)
        if names is None or "demo_db" in names:
            continue
        marker = item.get_closest_marker("django_db")
        transactional = (
            "transactional_db" in names
            or "live_url" in names
            or (marker is not None and marker.kwargs.get("transaction"))
        )
        if transactional and "django_db_serialized_rollback" not in names:
            names.insert(0, "django_db_serialized_rollback")
            names.insert(0, "_reattach_serialized_db_contents")
            if marker is not None and not marker.kwargs.get("serialized_rollback"):
                # pytest-django decides which databases to snapshot from the
                # marker alone, so the marker must say it too.
                item.add_marker(
                    pytest.mark.django_db(
                        *marker.args, **{**marker.kwargs, "serialized_rollback": True}
                    ),
                    append=False,
                )

    # Browser tests go last (also on each xdist worker, which runs what it is
    # given in this order): once Playwright's event loop runs in the main
    # thread, async_to_sync and Django's async-safety checks behave differently.
    items.sort(key=lambda item: "browser" in getattr(item, "fixturenames", ()))


@pytest.fixture(scope="session")
def _reattach_serialized_db_contents(django_db_setup):
    """Make Django's post-migration snapshot visible from every connection object.

    Django keeps the snapshot on the connection object it serialized with, and
    connection objects are per context: once Playwright's event loop has
    started, tests and their teardown use new connection objects without it,
    so the data would not be restored (and the flush would recreate content
    types that the restore then duplicates). A class attribute is seen by all.
    """
    from django.db import connections

    for alias in connections:
        connection = connections[alias]
        contents = getattr(connection, "_test_serialized_contents", None)
        if contents is not None:
            type(connection)._test_serialized_contents = contents


@pytest.fixture(autouse=True)
def _default_language():
    """Each test starts in the site's language (Italian), whatever a request before it spoke.

    The language middleware activates the requester's language in the thread that serves
    the request; with the test client that thread is the test's own, and one English
    request would otherwise turn every later message on the same worker into English.
    """
    from django.utils import translation

    translation.deactivate()
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _clear_cache():
    """Rate-limit counters and cached values never leak from one test to the next."""
    from django.core.cache import cache

    from website.core import counters

    cache.clear()
    counters.clear()
    yield
    cache.clear()
    counters.clear()


@pytest.fixture
def org(db):
    """Two clusters of one region, two centres each."""
    region = Region.objects.create(name="Regione di prova", code="regione-prova")
    north = Cluster.objects.create(region=region, name="Palermo Città", code="prova-pa")
    south = Cluster.objects.create(region=region, name="Siracusa", code="prova-sr")
    centres = {
        "pa1": EmploymentCentre.objects.create(
            cluster=north, name="CPI Palermo Centro", code="CPI-T-PA01", town="Palermo"
        ),
        "pa2": EmploymentCentre.objects.create(
            cluster=north, name="CPI Monreale", code="CPI-T-PA02", town="Monreale"
        ),
        "sr1": EmploymentCentre.objects.create(
            cluster=south, name="CPI Siracusa", code="CPI-T-SR01", town="Siracusa"
        ),
        "sr2": EmploymentCentre.objects.create(
            cluster=south, name="CPI Noto", code="CPI-T-SR02", town="Noto"
        ),
    }
    return {"region": region, "north": north, "south": south, **centres}


@pytest.fixture
def make_user(db):
    """make_user(role=Role.TEACHER, centre=..., email=...) → a verified user."""

    def make(*, role=None, centre=None, email=None, superuser=False, **fields):
        number = next(_sequence)
        email = email or f"persona{number}@example.org"
        fields.setdefault("first_name", f"Nome{number}")
        fields.setdefault("last_name", f"Cognome{number}")
        user = User.objects.create_user(
            email=email,
            password=PASSWORD,
            centre=centre,
            is_superuser=superuser,
            is_staff=superuser,
            **fields,
        )
        EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
        if role is not None:
            user.groups.add(role_group(role))
        return user

    return make


@pytest.fixture
def operator(make_user, org):
    return make_user(role=Role.OPERATOR, centre=org["pa1"], email="operatore@example.org")


@pytest.fixture
def editor(make_user):
    return make_user(role=Role.EDITOR, email="redattore@example.org")


@pytest.fixture
def training_manager(make_user):
    return make_user(role=Role.TRAINING_MANAGER, email="gestore@example.org")


@pytest.fixture
def teacher(make_user):
    return make_user(role=Role.TEACHER, email="docente@example.org")


@pytest.fixture
def cluster_lead(make_user, org):
    user = make_user(role=Role.CLUSTER_LEAD, centre=org["pa1"], email="responsabile@example.org")
    org["north"].leads.add(user)
    return user


@pytest.fixture
def centre_manager(make_user, org):
    user = make_user(role=Role.CENTRE_MANAGER, centre=org["pa1"], email="dirigente@example.org")
    org["pa1"].managers.add(user)
    return user


@pytest.fixture
def coach(make_user, org):
    user = make_user(role=Role.COACH, email="coach@example.org")
    org["north"].coaches.add(user)
    return user
