"""Fixtures of the surveys tests: an edition whose classroom days are over, its people."""

import pytest

from website.accounts.roles import Role

from .factories import make_evaluation


@pytest.fixture
def past_edition(make_edition):
    """An edition whose two classroom days ended last week."""
    return make_edition(starts_in=-8, days=2)


@pytest.fixture
def learners(make_user, org, past_edition, place):
    """Six operators with a confirmed place in the past edition."""
    people = [make_user(role=Role.OPERATOR, centre=org["pa1"]) for _ in range(6)]
    for person in people:
        place(person, past_edition)
    return people


@pytest.fixture
def evaluation(past_edition):
    return make_evaluation(past_edition)


@pytest.fixture
def learner(learners):
    return learners[0]


@pytest.fixture
def edition_teacher(teacher, past_edition):
    past_edition.teachers.add(teacher)
    return teacher


@pytest.fixture
def unplaced(make_user, org):
    return make_user(role=Role.OPERATOR, centre=org["pa1"])
