import pytest

from website.accounts.roles import Role

from .factories import make_bank, make_quiz


@pytest.fixture
def edition(make_edition, teacher):
    edition = make_edition(starts_in=-5, days=2, code="UD1-PA-01")
    edition.teachers.add(teacher)
    return edition


@pytest.fixture
def learner(make_user, org, place, edition):
    user = make_user(
        role=Role.OPERATOR,
        centre=org["pa1"],
        email="allieva@example.org",
        first_name="Anna",
        last_name="Amato",
    )
    place(user, edition)
    return user


@pytest.fixture
def other_learner(make_user, org, place, edition):
    user = make_user(
        role=Role.OPERATOR,
        centre=org["pa1"],
        email="altro@example.org",
        first_name="Bruno",
        last_name="Bruno",
    )
    place(user, edition)
    return user


@pytest.fixture
def bank(course):
    return make_bank(course)


@pytest.fixture
def auto_bank(bank):
    """The bank without the essay (every question graded automatically)."""
    return [question for question in bank if question.type != "essay"]


@pytest.fixture
def quiz(course, auto_bank):
    return make_quiz(course, auto_bank)
