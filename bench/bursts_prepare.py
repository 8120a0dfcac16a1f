"""Data for bench_bursts: a classroom day happening now, and sessions for its learners.

Run by bench_bursts.py in a child process with the benchmark's settings and a copy
of the demo database; prints one line of JSON. Creates one edition of a demo course
with ``DAYS`` classroom days that started five minutes ago (one for each round of
check-ins), self check-in on, a demo teacher, and places for ``IDLE + BURST`` demo
operators, each with a logged-in session; and sessions for ``DASHBOARD_PEOPLE`` other
operators, who load their dashboards (with their demo enrolments only).
"""

import json
import sys
from datetime import timedelta

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.test import Client  # noqa: E402
from django.utils import timezone  # noqa: E402

from courses.models import Course, Edition, Enrolment, Session  # noqa: E402
from website.accounts.roles import Role  # noqa: E402

IDLE, BURST, DAYS, DASHBOARD_PEOPLE = (int(value) for value in sys.argv[1:5])


def session_cookie(user) -> str:
    client = Client()
    client.force_login(user)
    return client.cookies[settings.SESSION_COOKIE_NAME].value


now = timezone.localtime()
# A classroom day lies within one date: just after midnight it starts at midnight.
start = max(
    (now - timedelta(minutes=5)).replace(second=0, microsecond=0),
    now.replace(hour=0, minute=0, second=0, microsecond=0),
)
end = min(now + timedelta(hours=2), now.replace(hour=23, minute=59, second=0, microsecond=0))
if end - now < timedelta(minutes=15):
    sys.exit("bench_bursts needs a classroom day that is still on: run it before 23:40")
course = Course.objects.order_by("pk").first()
operators = list(
    get_user_model()
    .objects.filter(groups__role__code=Role.OPERATOR, is_active=True, centre__isnull=False)
    .exclude(enrolments__course=course)
    .select_related("centre__cluster")
    .order_by("pk")[: IDLE + BURST + DASHBOARD_PEOPLE]
)
if len(operators) < IDLE + BURST + DASHBOARD_PEOPLE:
    sys.exit(
        f"bench_bursts needs {IDLE + BURST + DASHBOARD_PEOPLE} demo operators, "
        f"found {len(operators)}"
    )
learners, readers = operators[: IDLE + BURST], operators[IDLE + BURST :]
edition = Edition.objects.create(
    course=course,
    code=f"BENCH-{now:%H%M%S}",
    cluster=learners[0].centre.cluster,
    venue_name="Aula formazione",
    venue_address="Via della Prova 1, Palermo",
    capacity=IDLE + BURST,
    starts_on=now.date(),
    ends_on=now.date(),
    status=Edition.Status.SCHEDULED,
    self_checkin_enabled=True,
)
days = [
    Session.objects.create(
        edition=edition,
        date=now.date(),
        starts_at=start.time(),
        ends_at=end.time(),
        hours=round((end - start).total_seconds() / 3600, 1),
    )
    for _ in range(DAYS)
]
Enrolment.objects.bulk_create(
    Enrolment(user=user, edition=edition, course=course, status=Enrolment.Status.APPROVED)
    for user in learners
)
teacher = get_user_model().objects.filter(groups__role__code=Role.TEACHER, is_active=True).first()
edition.teachers.add(teacher)
cookies = [session_cookie(user) for user in learners]
print(
    json.dumps(
        {
            "cookie_name": settings.SESSION_COOKIE_NAME,
            # The code changes every minute: bench_bursts.py asks for the current one, as
            # the classroom's screen does, right before each round of check-ins.
            "days": [
                {
                    "check_in_path": f"/presenze/check-in/{day.pk}/",
                    "code_path": f"/presenze/{edition.code}/giornate/{day.pk}/codice.json",
                }
                for day in days
            ],
            "teacher": session_cookie(teacher),
            "idle": cookies[:IDLE],
            "burst": cookies[IDLE:],
            "dashboard": [session_cookie(user) for user in readers],
        }
    )
)
