"""A small centre with a self-assessment group, built through the services."""

from datetime import date

import pytest

from quality import services
from quality.models import Panel, SubCriterion
from website.accounts.roles import Role


@pytest.fixture
def subs(db):
    return list(
        SubCriterion.objects.filter(criterion__model__code="caf2020").select_related("criterion")
    )


@pytest.fixture
def members(make_user, org):
    return [make_user(role=Role.OPERATOR, centre=org["pa1"]) for _ in range(3)]


@pytest.fixture
def open_assessment(training_manager, coach, org, members):
    def make(*, panel=Panel.CLASSICAL, group=None, centre=None, starts_on=date(2026, 3, 2)):
        return services.assessment_open(
            by=training_manager,
            centre=centre or org["pa1"],
            title="Autovalutazione CAF 2026",
            panel=panel,
            starts_on=starts_on,
            ends_on=starts_on.replace(month=starts_on.month + 2),
            facilitator=coach,
            members=group if group is not None else members,
        )

    return make


@pytest.fixture
def assessment(open_assessment):
    return open_assessment()


def classical(score, **text):
    return {"score": str(score), **text}


def fill(assessment, member, subs, score_for):
    """Save ``member``'s classical scores: ``score_for(sub)`` for each sub-criterion."""
    return services.individual_save(
        assessment=assessment,
        member=member,
        entries={sub.pk: classical(score_for(sub), strengths=f"Forza {sub.code}") for sub in subs},
    )


def agree_all(assessment, by, subs, score_for):
    for sub in subs:
        services.consensus_save(
            assessment=assessment,
            by=by,
            subcriterion=sub,
            values=classical(score_for(sub), improvements=f"Migliorare {sub.code}"),
        )


@pytest.fixture
def closed_assessment(assessment, members, coach, subs):
    for index, member in enumerate(members):
        fill(assessment, member, subs, lambda sub, i=index: 40 + 10 * i)
    services.consensus_start(assessment=assessment, by=coach)
    agree_all(assessment, coach, subs, lambda sub: 50)
    services.assessment_close(assessment=assessment, by=coach)
    assessment.refresh_from_db()
    return assessment
