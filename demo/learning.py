"""The online part of the demo plan: UD1–UD4 each get "Prima dell'aula" and "Dopo l'aula".

Before the classroom (open three weeks before the learner's first day): a lesson, the unit's
materials from the library, a video with its transcript. After it (open from the day after
the last day, once the first lesson is read): a lesson, the act on Normattiva and the
edition's forum (with at least half of the classroom hours attended). The demo operator has
done the part before the classroom of UD1, and the other participants of that edition are
spread along the way, so the completion matrix has something to show.

Everything is looked up by title before it is made, so running the seed again changes
nothing; completions go through the learner's own service.
"""

from django.utils.html import escape

from courses.models import Enrolment
from demo import quizzes as demo_quizzes
from demo import texts
from demo.resources import demo_units
from learning import selectors, services
from learning.models import Activity, Lesson, Section
from quizzes import services as quiz_services
from quizzes.models import Attempt, QuestionType, Quiz
from resources.models import Resource
from website.accounts.models import User
from website.core.exceptions import Refused

TEXTS = texts.load("learning")
DEMO_EDITION = "UD1-PA-CITTA"
OPERATOR = "operatore@aula.example"
TEACHER = "docente@aula.example"


def _body(paragraphs, callout=None):
    body = [{"type": "paragraph", "value": f"<p>{escape(text)}</p>"} for text in paragraphs]
    if callout:
        title, text = callout
        body.append(
            {
                "type": "callout",
                "value": {"style": "note", "title": title, "text": f"<p>{escape(text)}</p>"},
            }
        )
    return body


def _lesson(course, spec):
    lesson = Lesson.objects.filter(course=course, title=spec["title"]).first()
    if lesson is None:
        lesson = Lesson.objects.create(
            course=course, title=spec["title"], body=_body(spec["paragraphs"], spec.get("callout"))
        )
    return lesson


def _section(course, key, order):
    spec = TEXTS.sections[key]
    section, _created = Section.objects.get_or_create(
        course=course,
        title=spec["title"],
        defaults={"summary": spec["summary"], "sort_order": order},
    )
    return section


def _activity(section, title, **fields) -> tuple[Activity, bool]:
    existing = Activity.objects.filter(section=section, title=title).first()
    if existing is not None:
        return existing, False
    activity = Activity(
        section=section, title=title, sort_order=section.activities.count(), **fields
    )
    activity.full_clean()
    activity.save()
    return activity, True


def _unit_materials(course):
    return list(
        Resource.objects.filter(course=course)
        .exclude(audience=Resource.Audience.STAFF)
        .exclude(kind=Resource.Kind.TEMPLATE)
        .order_by("-audience", "title")[:2]
    )


def seed_unit(course) -> int:
    spec = TEXTS.units[course.code]
    made = 0
    before = _section(course, "before", 0)
    opens_before = {"opens_relative_to": "first_day", "opens_offset_days": -21}
    first, new = _activity(
        before,
        spec["before"]["title"],
        kind="page",
        lesson=_lesson(course, spec["before"]),
        description="Una lettura introduttiva prima della prima giornata d'aula.",
        duration_minutes=18,
        completion="viewed",
        **opens_before,
    )
    made += new
    for resource in _unit_materials(course):
        made += _activity(
            before,
            resource.title,
            kind="resource",
            resource=resource,
            description=resource.description[:2000],
            duration_minutes=12,
            completion="viewed",
            **opens_before,
        )[1]
    # The demo ships no recordings: what a video would say is read as a short lesson.
    case = spec["video"]
    made += _activity(
        before,
        case["title"],
        kind="page",
        lesson=_lesson(course, {"title": case["title"], "paragraphs": case["transcript"]}),
        description=case["description"],
        duration_minutes=6,
        completion="viewed",
        **opens_before,
    )[1]

    after = _section(course, "after", 1)
    opens_after = {"opens_relative_to": "last_day", "opens_offset_days": 1}
    made += _activity(
        after,
        spec["after"]["title"],
        kind="page",
        lesson=_lesson(course, spec["after"]),
        description="Dalla teoria allo sportello: che cosa fare dopo l'aula.",
        duration_minutes=18,
        completion="viewed",
        prerequisite=first,
        **opens_after,
    )[1]
    link = spec["link"]
    made += _activity(
        after,
        link["title"],
        kind="link",
        url=link["url"],
        description=link["description"],
        duration_minutes=24,
        completion="done",
        **opens_after,
    )[1]
    forum = spec["forum"]
    made += _activity(
        after,
        forum["title"],
        kind="forum",
        description=forum["description"],
        duration_minutes=30,
        completion="done",
        min_attendance_share=50,
        **opens_after,
    )[1]
    quiz = Quiz.objects.filter(course=course, is_published=True).order_by("pk").first()
    if quiz is not None:
        # The quiz keeps its own opening and closing times; the activity adds no date of its own.
        # Durations are whole tenths of an hour, as the yearly record counts them.
        made += _activity(
            after,
            quiz.title,
            kind="quiz",
            quiz=quiz,
            description="La verifica di fine unità: serve per l'attestato.",
            duration_minutes=quiz.time_limit_minutes or 20,
            completion="passed",
        )[1]
    return made


def _pass_quiz(user, quiz) -> bool:
    """Take the quiz right (the essay graded by the teacher), unless the person has tried it."""
    if Attempt.objects.filter(quiz=quiz, user=user).exists():
        return False
    attempt = quiz_services.attempt_start(quiz=quiz, user=user, seed=user.pk)
    quiz_services.attempt_save(
        attempt=attempt,
        user=user,
        data=demo_quizzes._answers(
            attempt, right={t.value for t in QuestionType}, essay=demo_quizzes.ESSAY_ANSWER
        ),
        finish=True,
    )
    teacher = User.objects.filter(email=TEACHER).first()
    for answer in attempt.answers.filter(needs_grading=True):
        quiz_services.essay_grade(answer=answer, grader=teacher, mark=answer.max_mark)
    return True


def _complete(user, activities, count) -> int:
    """Do the first ``count`` activities as the learner would (skipping what is not open)."""
    state = selectors.learner_state(user, activities[0].section.course_id)
    done = 0
    for activity in activities[:count]:
        if activity.kind == "quiz":
            done += _pass_quiz(user, activity.quiz)
            continue
        action = services.DONE if activity.completion == "done" else services.VIEWED
        try:
            services.completion_record(user=user, activity=activity, action=action, state=state)
        except Refused:
            continue
        done += 1
        state = selectors.learner_state(user, activity.section.course_id)
    return done


def seed_progress(course) -> int:
    """The demo operator: the part before the classroom done; the others along the way."""
    activities = selectors.course_activities([course.pk])
    before = sum(1 for a in activities if a.section.sort_order == 0)
    operator = User.objects.filter(email=OPERATOR).first()
    recorded = 0
    if operator is not None:
        recorded += _complete(operator, activities, before)
    others = (
        Enrolment.objects.filter(edition__code=DEMO_EDITION, status=Enrolment.Status.APPROVED)
        .exclude(user__email=OPERATOR)
        .select_related("user")
        .order_by("user__last_name", "user__first_name", "user_id")
    )
    total = len(activities)
    stages = (total, 0, 3, total, total - 1, 1, total, 0, 5)
    for index, enrolment in enumerate(others):
        recorded += _complete(enrolment.user, activities, stages[index % len(stages)])
    return recorded


def seed(*, scale, log):
    units = demo_units()
    if not units:
        log("Learning: no demo programme with a UD1 yet, online sections skipped")
        return
    made = sum(seed_unit(unit) for unit in units)
    recorded = seed_progress(units[0])
    log(
        f"Learning: {Activity.objects.count()} online activities in {len(units)} units "
        f"({made} new), {recorded} completions recorded in {DEMO_EDITION}"
    )
