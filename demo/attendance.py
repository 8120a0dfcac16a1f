"""Demo registers: the finished plan's attendance, day by day, and one register still open.

The finished plan (see ``demo.courses``) has 593 participants. Exactly 316 of them
reach their course's certificate threshold, as the plan's report stated. Which
ones follows a rule, not chance: the participants are taken in plan order
(courses in their order, editions by start date, people in the order of their
places) and the n-th reaches the threshold when ``ceil((n + 1) · 316 / 593)``
is greater than ``ceil(n · 316 / 593)``. That spreads the 316 evenly over the
plan, so each edition has its fair share, and picks exactly 316 whatever the
order. Those who reach it mostly attend every hour; some arrive late or leave
early. The others miss a day (excused or not), come late every day, leave
early, or never come at all, in a fixed rotation.

The teacher of each day marks it at the end of the day; the training manager
closes every register a few days after the edition ends.

The upcoming plan gets a pilot edition in progress, taught by the demo teacher
with self check-in on: yesterday's day is marked, today's is waiting for the
teacher (it starts at the hour of the first seed, so the check-in code can be
tried at once) and the next one is still ahead.
"""

from datetime import datetime, time, timedelta
from decimal import Decimal

from django.db.models import Case, Value, When
from django.utils import timezone

from attendance.models import (
    AttendanceChange,
    AttendanceRecord,
    AttendanceStatus,
    RegisterClosure,
    RegisterEvent,
)
from courses.models import Course, Edition, Enrolment, Session
from courses.scheduling import is_working_day
from demo.courses import FINISHED_SLUG, UPCOMING_SLUG, PeopleFactory, save_operators, venue
from website.accounts.models import Cluster, User

MANAGER_EMAIL = "gestore@aula.example"
TEACHER_EMAIL = "docente@aula.example"
OPERATOR_EMAIL = "operatore@aula.example"
REACHING_THRESHOLD = 316
PILOT_CODE = "SD2-PA-PILOTA"
PILOT_SIZE = 12

# A pattern says how a participant's days differ from full attendance: for the
# "first", "last" or "every" day, a status and the hours missed that day.
PRESENT_THROUGHOUT = {}
REACHING = [
    *[PRESENT_THROUGHOUT] * 7,
    {"first": (AttendanceStatus.LATE, 1)},
    {"last": (AttendanceStatus.LEFT_EARLY, 2)},
    {"first": (AttendanceStatus.LATE, 2), "last": (AttendanceStatus.LEFT_EARLY, 1)},
]
FALLING_SHORT = [
    {"last": (AttendanceStatus.ABSENT, None)},
    {"first": (AttendanceStatus.EXCUSED, None)},
    {"first": (AttendanceStatus.LEFT_EARLY, 3), "last": (AttendanceStatus.ABSENT, None)},
    {"every": (AttendanceStatus.LATE, 2)},
    {"last": (AttendanceStatus.ABSENT, None)},
    {"every": (AttendanceStatus.ABSENT, None)},
    {"last": (AttendanceStatus.EXCUSED, None)},
    {"first": (AttendanceStatus.LATE, 1), "last": (AttendanceStatus.EXCUSED, None)},
]


def reaches_threshold(position, total, reaching=REACHING_THRESHOLD) -> bool:
    """Whether the participant at ``position`` (0-based) of ``total`` is one of ``reaching``."""

    def ceil(n):
        return -(-n * reaching // total)

    return ceil(position + 1) > ceil(position)


def day_marks(pattern, sessions):
    """(status, hours) for each of the edition's days under ``pattern``."""
    marks = []
    for index, session in enumerate(sessions):
        mark = pattern.get("every")
        if index == 0 and "first" in pattern:
            mark = pattern["first"]
        if index == len(sessions) - 1 and "last" in pattern:
            mark = pattern["last"]
        if mark is None:
            marks.append((AttendanceStatus.PRESENT, session.hours))
        elif mark[1] is None:
            marks.append((mark[0], Decimal("0")))
        else:
            marks.append((mark[0], session.hours - mark[1]))
    return marks


def at(day, moment):
    return timezone.make_aware(datetime.combine(day, moment))


def write_register(sessions, people_marks, *, marked_at):
    """Bulk-write the records and their first history rows, dated when the teacher marked.

    ``people_marks`` is [(user_id, [(status, hours) per session])]; ``marked_at``
    gives the moment each session was marked. The timestamps are set once, in
    the same transaction that creates the rows: they say when the marks were
    made, which ``auto_now`` cannot know for a demo written after the fact.
    """
    records, changes = [], []
    for user_id, marks in people_marks:
        for session, (status, hours) in zip(sessions, marks, strict=True):
            teacher_id = session.teacher_id
            records.append(
                AttendanceRecord(
                    session=session,
                    user_id=user_id,
                    status=status,
                    hours=hours,
                    updated_by_id=teacher_id,
                )
            )
            changes.append(
                AttendanceChange(
                    session=session,
                    participant_id=user_id,
                    changed_by_id=teacher_id,
                    status=status,
                    hours=hours,
                    changed_at=marked_at(session),
                )
            )
    AttendanceRecord.objects.bulk_create(records, batch_size=500)
    AttendanceChange.objects.bulk_create(changes, batch_size=500)
    when = Case(*[When(session_id=s.pk, then=Value(marked_at(s))) for s in sessions])
    AttendanceRecord.objects.filter(session__in=sessions).update(updated_at=when)
    return len(records)


def close_registers(editions, manager):
    RegisterClosure.objects.bulk_create(
        RegisterClosure(edition=edition, closed_by=manager) for edition in editions
    )
    RegisterEvent.objects.bulk_create(
        RegisterEvent(
            edition=edition, action=RegisterEvent.Action.CLOSED, by=manager, at=_closed_at(edition)
        )
        for edition in editions
    )
    closed_at = Case(*[When(edition_id=e.pk, then=Value(_closed_at(e))) for e in editions])
    RegisterClosure.objects.filter(edition__in=editions).update(closed_at=closed_at)


def _closed_at(edition):
    return at(edition.ends_on + timedelta(days=3), time(10))


def seed_finished_registers(log):
    editions = list(
        Edition.objects.filter(course__programme__slug=FINISHED_SLUG)
        .select_related("course")
        .order_by("course__sort_order", "starts_on", "code")
    )
    if not editions or RegisterClosure.objects.filter(edition__in=editions).exists():
        return
    sessions = {edition.pk: [] for edition in editions}
    for session in Session.objects.filter(edition__in=editions).order_by("date", "starts_at"):
        sessions[session.edition_id].append(session)
    places = {edition.pk: [] for edition in editions}
    for user_id, edition_id in (
        Enrolment.objects.filter(edition__in=editions, status=Enrolment.Status.APPROVED)
        .order_by("pk")
        .values_list("user_id", "edition_id")
    ):
        places[edition_id].append(user_id)
    total = sum(len(people) for people in places.values())
    position = reached = short = written = 0
    for edition in editions:
        days = sessions[edition.pk]
        people_marks = []
        for user_id in places[edition.pk]:
            if reaches_threshold(position, total):
                pattern = REACHING[reached % len(REACHING)]
                reached += 1
            else:
                pattern = FALLING_SHORT[short % len(FALLING_SHORT)]
                short += 1
            position += 1
            people_marks.append((user_id, day_marks(pattern, days)))
        written += write_register(days, people_marks, marked_at=lambda s: at(s.date, s.ends_at))
    close_registers(editions, User.objects.get(email=MANAGER_EMAIL))
    log(
        f"Attendance: {written} marks in {len(editions)} closed registers; "
        f"{reached} of {total} participants reach the certificate threshold"
    )


def nearby_working_day(day, step):
    day += timedelta(days=step)
    while not is_working_day(day):
        day += timedelta(days=step)
    return day


def seed_pilot_edition(log):
    if Edition.objects.filter(code=PILOT_CODE).exists():
        return
    course = Course.objects.filter(programme__slug=UPCOMING_SLUG, code="SD2").first()
    if course is None:
        return
    teacher = User.objects.get(email=TEACHER_EMAIL)
    cluster = Cluster.objects.get(code="pa-citta")
    now = timezone.localtime()
    today = now.date()
    before, after = nearby_working_day(today, -1), nearby_working_day(today, 1)
    # Today's day runs from the hour of the seed, so a check-in can be tried right away.
    first_hour = min(max(now.hour, 7), 18)
    name, address = venue(cluster)
    edition = Edition.objects.create(
        course=course,
        code=PILOT_CODE,
        cluster=cluster,
        venue_name=name,
        venue_address=address,
        capacity=15,
        starts_on=before,
        ends_on=after,
        enrolment_opens_at=at(before - timedelta(days=30), time(9)),
        enrolment_closes_at=at(before - timedelta(days=5), time(23, 59)),
        status=Edition.Status.SCHEDULED,
        self_checkin_enabled=True,
    )
    edition.teachers.add(teacher)
    topics = [
        "Il colloquio di orientamento con persone fragili",
        "Reti territoriali: servizi sociali, sanitari e terzo settore",
        "Casi del centro: dalla presa in carico al patto di servizio",
    ]
    days = Session.objects.bulk_create(
        Session(
            edition=edition,
            date=day,
            starts_at=starts,
            ends_at=time(starts.hour + 5),
            hours=Decimal("5"),
            teacher=teacher,
            topic=topic,
        )
        for day, starts, topic in zip(
            [before, today, after], [time(9), time(first_hour), time(9)], topics, strict=True
        )
    )
    centres = list(cluster.centres.order_by("code"))
    people = PeopleFactory()
    members = [User.objects.get(email=OPERATOR_EMAIL)]
    while len(members) < PILOT_SIZE:
        members.append(people.make(centres[len(members) % len(centres)]))
    save_operators(members)
    Enrolment.objects.bulk_create(
        Enrolment(
            user=person,
            edition=edition,
            course_id=course.pk,  # bulk_create skips Enrolment.save
            status=Enrolment.Status.APPROVED,
            source=Enrolment.Source.MANAGER,
            decided_at=at(before - timedelta(days=7), time(12)),
        )
        for person in members
    )
    # Yesterday's day is marked: one late arrival, one absence, the others there.
    exceptions = {
        3: (AttendanceStatus.LATE, Decimal("4")),
        7: (AttendanceStatus.ABSENT, Decimal("0")),
    }
    first_day = days[0]
    marks = [
        (person.pk, [exceptions.get(index, (AttendanceStatus.PRESENT, first_day.hours))])
        for index, person in enumerate(members)
    ]
    write_register([first_day], marks, marked_at=lambda s: at(s.date, s.ends_at))
    log(f"Attendance: pilot edition {PILOT_CODE} in progress, register open, self check-in on")


def seed(*, scale, log):
    """The registers follow the plan's report, so ``scale`` does not change them."""
    seed_finished_registers(log)
    seed_pilot_edition(log)
