"""A course with an online part: two sections, a lesson, a video, a link, a forum and conditions."""

from datetime import timedelta

import pytest

from learning.models import Activity, Lesson, Section

VIDEO = "https://www.youtube.com/watch?v=dQw4w9WgXcQ"


@pytest.fixture
def lesson(course):
    return Lesson.objects.create(
        course=course,
        title="Che cosa si pubblica",
        body=[{"type": "paragraph", "value": "<p>Gli obblighi di pubblicazione.</p>"}],
    )


@pytest.fixture
def make_activity():
    def make(section, **fields):
        fields.setdefault("title", f"Attività {Activity.objects.count() + 1}")
        fields.setdefault("kind", "link")
        if fields["kind"] == "link":
            fields.setdefault("url", "https://www.normattiva.it/")
        fields.setdefault("sort_order", section.activities.count())
        activity = Activity(section=section, **fields)
        activity.full_clean()
        activity.save()
        return activity

    return make


@pytest.fixture
def online(course, lesson, make_activity):
    """Before the classroom: a lesson, a video; after: the forum (after the lesson, with 50 %
    attendance) and a link marked done by hand that opens the day after the last day."""
    before = Section.objects.create(course=course, title="Prima dell'aula", sort_order=0)
    after = Section.objects.create(course=course, title="Dopo l'aula", sort_order=1)
    page = make_activity(before, title="Leggi la lezione", kind="page", lesson=lesson)
    video = make_activity(
        before, title="Guarda il video", kind="video", url=VIDEO, transcript="Testo del video."
    )
    forum = make_activity(
        after,
        title="Racconta un caso nel forum",
        kind="forum",
        prerequisite=page,
        min_attendance_share=50,
    )
    link = make_activity(
        after,
        title="Leggi il decreto",
        kind="link",
        completion="done",
        opens_relative_to="last_day",
        opens_offset_days=1,
    )
    return {
        "before": before,
        "after": after,
        "page": page,
        "video": video,
        "forum": forum,
        "link": link,
    }


@pytest.fixture
def learner(operator, edition, place):
    place(operator, edition)
    return operator


@pytest.fixture
def past_edition(make_edition):
    """An edition whose two days were held a week ago."""
    return make_edition(starts_in=-8, days=2)


def days_ago(n):
    return timedelta(days=n)
