import io

from django.apps import apps
from django.core.management import call_command

from certificates.models import Certificate
from website.accounts.models import Cluster, EmploymentCentre, User
from website.accounts.roles import Role


def row_counts():
    # Models without a table of their own (reports' capability holder) have nothing to count.
    return {
        model._meta.label: model.objects.count()
        for model in apps.get_models()
        if model._meta.managed
    }


def test_seed_demo_twice_gives_the_same_row_counts(demo_db, transactional_db):
    # demo_db is the demo seeded once into the migrated database: this is the second
    # run, committing as `make run` does (what runs on commit runs).
    first = row_counts()
    certificates = set(Certificate.objects.values_list("code", flat=True))
    call_command("seed_demo", quiet_logins=True, stdout=io.StringIO())
    second = row_counts()
    changed = {
        label: (first[label], second[label]) for label in first if first[label] != second[label]
    }
    assert changed == {}
    # Not one certificate issued again (the same codes, not only as many).
    assert set(Certificate.objects.values_list("code", flat=True)) == certificates


def test_seed_demo_creates_the_regional_plan_and_one_account_per_role(demo_db):
    assert Cluster.objects.count() == 12
    assert EmploymentCentre.objects.count() == 64
    assert all(c.centres.exists() for c in Cluster.objects.all())
    expected = {
        "gestore@aula.example": Role.TRAINING_MANAGER,
        "redattore@aula.example": Role.EDITOR,
        "docente@aula.example": Role.TEACHER,
        "coach@aula.example": Role.COACH,
        "responsabile@aula.example": Role.CLUSTER_LEAD,
        "dirigente@aula.example": Role.CENTRE_MANAGER,
        "operatore@aula.example": Role.OPERATOR,
    }
    for email, role in expected.items():
        user = User.objects.get(email=email)
        assert user.groups.filter(role__code=role).exists(), email
        assert user.check_password("aula-demo-2026")
        assert user.emailaddress_set.get().verified
    assert User.objects.get(email="admin@aula.example").is_superuser
    assert (
        Cluster.objects.get(code="pa-citta")
        .leads.filter(email="responsabile@aula.example")
        .exists()
    )
