"""The demo's learner (operatore@aula.example: places, quiz and SCORM attempts, completions)
on the course page the page bench measures and on the dashboard: at most PAGE_CEILING
queries on the demo's own data, as the bench counts them (the second request)."""

from django.urls import reverse

from courses.models import Course
from website.accounts.models import User

from .helpers import PAGE_CEILING, queries_for


def test_the_demo_learner_s_course_page_and_dashboard(demo_db, db, client):
    operator = User.objects.get(email="operatore@aula.example")
    course = (
        Course.objects.filter(editions__enrolments__user=operator, sections__isnull=False)
        .distinct()
        .order_by("code")
        .first()
    )
    client.force_login(operator)
    for url in (course.get_absolute_url(), reverse("courses:dashboard")):
        client.get(url)
        count, _response = queries_for(client, url)
        assert count <= PAGE_CEILING, (url, count)
