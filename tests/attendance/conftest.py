"""A running edition: three days (the day before yesterday, yesterday, today), a teacher, people."""

import pytest

from website.accounts.roles import Role


@pytest.fixture
def running(make_edition, make_user, place, teacher, org):
    edition = make_edition(starts_in=-2, days=3, code="UD1-CORSO")
    edition.teachers.add(teacher)
    people = [
        make_user(role=Role.OPERATOR, centre=org["pa1"], last_name=name, first_name="Anna")
        for name in ("Amato", "Bruno", "Caruso")
    ]
    for person in people:
        place(person, edition)
    days = list(edition.sessions.order_by("date"))
    return {"edition": edition, "people": people, "days": days, "today": days[-1]}
