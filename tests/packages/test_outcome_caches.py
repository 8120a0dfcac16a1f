"""A package's passing score and the package activities are kept under the content generation
(packages.selectors, learning.selectors.package_activities): an edit is seen at once."""

from decimal import Decimal

import pytest

from learning.models import Activity, Section
from learning.selectors import package_activities
from packages.selectors import package_outcomes
from tests.packages.test_h5p import _config, _statement, _xapi

pytestmark = pytest.mark.django_db


def test_a_changed_passing_score_is_seen_at_once(client, h5p, learner):
    token = _config(client, h5p, learner)["token"]
    _xapi(client, h5p, token, _statement("completed", 2, 3))
    key = (h5p.pk, learner.pk)
    assert package_outcomes(package_ids=[h5p.pk], user_ids=[learner.pk])[key].passed is None
    h5p.passing_score = Decimal(50)
    h5p.save()
    assert package_outcomes(package_ids=[h5p.pk], user_ids=[learner.pk])[key].passed is True
    h5p.passing_score = Decimal(80)
    h5p.save()
    assert package_outcomes(package_ids=[h5p.pk], user_ids=[learner.pk])[key].passed is False


def test_a_new_or_changed_package_activity_is_seen_at_once(h5p):
    assert package_activities() == []
    section = Section.objects.create(course=h5p.course, title="Pacchetti")
    activity = Activity.objects.create(
        section=section, title="Assegno", kind="package", package=h5p, duration_minutes=20
    )
    assert package_activities() == [(h5p.pk, 20, "Assegno", h5p.course.slug)]
    activity.duration_minutes = 45
    activity.save()
    assert package_activities() == [(h5p.pk, 45, "Assegno", h5p.course.slug)]
