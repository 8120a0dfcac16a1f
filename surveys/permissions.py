"""Who may answer a survey and who may read its results.

- Answering: the survey's audience only (the edition's confirmed participants for an
  evaluation; the staff of the chosen centres and clusters for a needs analysis). Anyone
  else gets 404, as for a survey that does not exist.
- Results: whoever holds the ``surveys.view_results`` capability (training managers) for
  every survey; a teacher for the evaluations of the editions they teach. Results show only
  when the audience gave at least ``ANONYMITY_THRESHOLD`` answers. Learners get 404.
- Giving surveys (the admin): the ``surveys.manage_surveys`` capability.
"""

from django.db.models import Q

from courses.models import Enrolment
from courses.relations import teaches
from website.accounts.types import AnyUser

from .models import Survey


def can_manage_surveys(user: AnyUser) -> bool:
    return user.is_authenticated and user.has_perm("surveys.manage_surveys")


def sees_all_results(user: AnyUser) -> bool:
    return user.is_authenticated and user.has_perm("surveys.view_results")


def can_view_results(user: AnyUser, survey: Survey) -> bool:
    if not user.is_authenticated:
        return False
    if sees_all_results(user):
        return True
    return survey.edition is not None and teaches(user, survey.edition)


def can_read_free_text(user: AnyUser, survey: Survey) -> bool:
    """Free-text answers: staff who may see the results (never learners)."""
    return can_view_results(user, survey)


def can_see_names(user: AnyUser, survey: Survey) -> bool:
    """Who answered what, for named surveys only, in the export: training managers."""
    return not survey.is_anonymous and sees_all_results(user)


def in_audience(user: AnyUser, survey: Survey) -> bool:
    """Whether the survey is addressed to ``user`` (one query)."""
    if not user.is_authenticated:
        return False
    if survey.kind == Survey.Kind.EVALUATION:
        # An evaluation always has its edition (a database constraint).
        return survey.edition_id is not None and (
            Enrolment.objects.filter(
                user_id=user.pk, edition_id=survey.edition_id, status=Enrolment.Status.APPROVED
            ).exists()
        )
    if user.centre_id is None:
        return False
    return (
        Survey.objects.filter(pk=survey.pk)
        .filter(Q(centres=user.centre_id) | Q(clusters__centres=user.centre_id))
        .exists()
    )
