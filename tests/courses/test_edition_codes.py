"""Edition codes keep the case typed; every page found by code finds it in any case."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

PAGES = [
    "courses:teaching_edition",
    "courses:participants_csv",
    "attendance:register",
    "attendance:history",
    "learning:matrix",
    "quizzes:grade_table",
    "reports:edition_register",
]


@pytest.mark.parametrize("name", PAGES)
def test_a_page_found_by_code_takes_the_code_in_any_case(client, make_edition, teacher, name):
    edition = make_edition(code="AC1-PA-01", starts_in=-1, days=1)
    edition.teachers.add(teacher)
    client.force_login(teacher)
    assert client.get(reverse(name, args=["AC1-PA-01"])).status_code == 200
    assert client.get(reverse(name, args=["ac1-pa-01"])).status_code == 200
    assert client.get(reverse(name, args=["ac1-pa-02"])).status_code == 404


def test_the_lookup_is_one_query_on_the_lowered_code(make_edition, django_assert_num_queries):
    from courses.models import Edition

    edition = make_edition(code="AC1-PA-01")
    with django_assert_num_queries(1) as captured:
        assert Edition.objects.with_code("Ac1-pA-01").get() == edition
    assert "LOWER" in captured.captured_queries[0]["sql"].upper()
    assert edition.code == "AC1-PA-01"
