"""``demo_db`` (tests/demo_db.py): the demo for the tests that ask for it, and for no other test.

Each pair runs in this order in one process (pytest-django runs the ``db``
tests before the transactional ones, each group in file order); under xdist a
pair may be split between workers, where it still passes.
"""

from django.conf import settings
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from wagtail.models import Page

from website.accounts.models import Region, User
from website.accounts.roles import Role

DEMO_LOGIN = "operatore@aula.example"


def test_a_demo_test_starts_from_the_demo_and_its_files(demo_db, db):
    assert User.objects.filter(email=DEMO_LOGIN).exists()
    assert Page.objects.filter(depth__gt=2).exists()
    media = settings.MEDIA_ROOT
    assert any(path.is_file() for path in media.rglob("*")), media
    Region.objects.create(name="Lasciata da un test", code="lasciata-db")


def test_the_next_test_starts_from_the_migrated_database(db):
    assert not User.objects.filter(email=DEMO_LOGIN).exists()
    assert not Region.objects.filter(code="lasciata-db").exists()
    assert Group.objects.filter(role__code=Role.OPERATOR).exists()
    assert Page.objects.filter(depth=1).exists()


def test_a_demo_test_may_commit(demo_db, transactional_db):
    User.objects.filter(email=DEMO_LOGIN).update(first_name="Committed")
    Region.objects.create(name="Lasciata da un test", code="lasciata-transazione")


def test_what_it_committed_is_gone_for_the_next_transactional_test(transactional_db):
    cached = ContentType.objects.get_for_model(User)
    assert ContentType.objects.get(app_label="accounts", model="user").pk == cached.pk
    assert not User.objects.filter(email=DEMO_LOGIN).exists()
    assert not Region.objects.filter(code="lasciata-transazione").exists()
    assert Group.objects.filter(role__code=Role.OPERATOR).exists()
    assert Page.objects.filter(depth=1).exists()


def test_every_demo_test_gets_the_demo_as_seeded(demo_db, transactional_db):
    assert User.objects.get(email=DEMO_LOGIN).first_name != "Committed"
    assert not Region.objects.filter(code__startswith="lasciata").exists()
