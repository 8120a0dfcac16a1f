"""Staff pages: upload on the site, attempts per learner, resets kept with their reason; the gates."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from wagtail import hooks

from demo.package_builder import scorm12_zip
from packages.hooks import PACKAGE_GATES, Closure
from packages.models import Attempt, AttemptReset, Package
from packages.runtime import current_launch
from website.accounts.roles import Role
from website.core.models import AppendOnlyError

from .conftest import commit_sco, make_zip, scorm_files, upload


def _start(package, user, location="1"):
    return commit_sco(
        package,
        user,
        {"cmi.core.lesson_location": location, "cmi.core.session_time": "00:02:00"},
    ).attempt


def test_a_training_manager_uploads_on_the_site(client, course, training_manager):
    client.force_login(training_manager)
    response = client.post(
        reverse("packages:upload"),
        {
            "course": course.pk,
            "title": "",
            "passing_score": "70",
            "file": upload("modulo.zip", scorm12_zip()),
        },
    )
    package = Package.objects.get()
    assert package.passing_score == 70
    assert response.status_code == 302
    assert response["Location"] == reverse("packages:attempts", kwargs={"pk": package.pk})
    assert package.title == "L'assegno di ricollocazione (SCORM 1.2)"


def test_a_passing_score_out_of_range_is_refused(client, course, training_manager):
    client.force_login(training_manager)
    response = client.post(
        reverse("packages:upload"),
        {"course": course.pk, "passing_score": "120", "file": upload("m.zip", scorm12_zip())},
    )
    assert response.status_code == 200
    assert not Package.objects.exists()


def test_a_refused_upload_shows_why_and_keeps_nothing(client, course, training_manager):
    client.force_login(training_manager)
    files = scorm_files()
    del files["due.html"]
    response = client.post(
        reverse("packages:upload"), {"course": course.pk, "file": upload("p.zip", make_zip(files))}
    )
    assert response.status_code == 200
    assert "manca il file di avvio «due.html»" in response.content.decode()
    assert not Package.objects.exists()


def test_a_teacher_uploads_only_to_the_courses_they_teach(
    client, course, programme, make_edition, make_user
):
    from courses.models import Course

    teacher = make_user(role=Role.TEACHER)
    make_edition().teachers.add(teacher)
    other = Course.objects.create(programme=programme, code="UD9", title="Altro", slug="ud9")
    client.force_login(teacher)
    response = client.post(
        reverse("packages:upload"), {"course": other.pk, "file": upload("m.zip", scorm12_zip())}
    )
    assert response.status_code == 200  # the course is not a choice
    assert not Package.objects.exists()
    client.post(
        reverse("packages:upload"), {"course": course.pk, "file": upload("m.zip", scorm12_zip())}
    )
    assert Package.objects.filter(course=course).exists()


def test_attempts_and_a_reset_with_its_reason(client, scorm12, learner, training_manager):
    attempt = _start(scorm12, learner)
    client.force_login(training_manager)
    page = client.get(reverse("packages:attempts", kwargs={"pk": scorm12.pk})).content.decode()
    assert learner.get_full_name() in page
    refused = client.post(reverse("packages:reset", kwargs={"pk": attempt.pk}), {"reason": ""})
    assert refused.status_code == 302
    assert not AttemptReset.objects.exists()
    client.post(
        reverse("packages:reset", kwargs={"pk": attempt.pk}),
        {"reason": "Ha chiesto di ricominciare"},
    )
    reset = AttemptReset.objects.get()
    assert reset.reason == "Ha chiesto di ricominciare"
    assert reset.by == training_manager
    with pytest.raises(AppendOnlyError):
        reset.delete()
    page = client.get(reverse("packages:attempts", kwargs={"pk": scorm12.pk})).content.decode()
    assert "Ha chiesto di ricominciare" in page
    # The next launch starts attempt 2; the time of the first still counts.
    assert current_launch(scorm12, learner).attempt_number == 2
    _start(scorm12, learner, location="0")
    from packages.selectors import package_outcomes

    outcome = package_outcomes(package_ids=[scorm12.pk], user_ids=[learner.pk])[
        (scorm12.pk, learner.pk)
    ]
    assert outcome.seconds_spent == 240
    assert Attempt.objects.filter(user=learner).count() == 2


def test_a_teacher_sees_only_the_learners_of_their_editions(
    client, scorm12, learner, make_user, make_edition, place
):
    teacher = make_user(role=Role.TEACHER)
    own = make_edition()
    own.teachers.add(teacher)
    mine = make_user(first_name="Mia", last_name="Allieva")
    place(mine, own)
    _start(scorm12, learner)
    attempt = _start(scorm12, mine)
    client.force_login(teacher)
    page = client.get(reverse("packages:attempts", kwargs={"pk": scorm12.pk})).content.decode()
    assert "Mia Allieva" in page
    assert learner.get_full_name() not in page
    other_attempt = Attempt.objects.get(user=learner)
    response = client.post(
        reverse("packages:reset", kwargs={"pk": other_attempt.pk}), {"reason": "x"}
    )
    assert response.status_code == 404
    client.post(reverse("packages:reset", kwargs={"pk": attempt.pk}), {"reason": "prova"})
    assert AttemptReset.objects.get().attempt == attempt


@pytest.fixture
def closed_gate():
    opens = timezone.now() + timedelta(days=3)

    def gate(user, package):
        return Closure(reason="Prima completa la lezione introduttiva.", opens_at=opens)

    with hooks.register_temporarily(PACKAGE_GATES, gate):
        yield


def test_a_gate_closes_the_player_the_files_and_the_commits(client, scorm12, learner, closed_gate):
    client.force_login(learner)
    response = client.get(reverse("packages:package", kwargs={"pk": scorm12.pk}))
    assert response.status_code == 200
    assert "Prima completa la lezione introduttiva." in response.content.decode()
    assert "package-frame" not in response.content.decode()
    url = reverse(
        "packages:file", kwargs={"pk": scorm12.pk, "version": 1, "path": "modulo/index.html"}
    )
    assert client.get(url).status_code == 404


def test_a_gate_does_not_tell_strangers_the_package_exists(client, scorm12, make_user, closed_gate):
    client.force_login(make_user(email="estraneo@example.org"))
    assert client.get(reverse("packages:package", kwargs={"pk": scorm12.pk})).status_code == 404


def test_files_are_private_immutable_and_framed_only_by_the_site(client, scorm12, learner):
    client.force_login(learner)
    url = reverse(
        "packages:file", kwargs={"pk": scorm12.pk, "version": 1, "path": "modulo/index.html"}
    )
    response = client.get(url)
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, max-age=604800, immutable"
    assert response["Content-Type"].startswith("text/html")
    assert response["X-Frame-Options"] == "SAMEORIGIN"
    assert response["Content-Security-Policy"] == "frame-ancestors 'self'"
    assert b"assegno di ricollocazione" in b"".join(response.streaming_content)
    for bad in ("../imsmanifest.xml", "modulo/../../x", "nessuno.html", "modulo/"):
        try:
            bad_url = reverse("packages:file", kwargs={"pk": scorm12.pk, "version": 1, "path": bad})
        except Exception:
            continue
        assert client.get(bad_url).status_code == 404, bad
    # An earlier version is the staff's only.
    assert client.get(url.replace("/v1/", "/v2/")).status_code == 404


def test_no_public_media_url_serves_package_files(client, scorm12, settings):
    folder = scorm12.current_version.folder
    assert client.get(f"/media/{folder}/modulo/index.html").status_code == 404
