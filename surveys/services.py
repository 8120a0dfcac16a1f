"""Changes of the surveys app: answering, giving a questionnaire to editions, rewriting
anonymous responses in a random order, and telling people that a survey waits for them."""

from __future__ import annotations

import random
import uuid
from collections.abc import Iterable, Mapping
from datetime import date
from typing import cast

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from courses.models import Edition
from website.accounts.types import User
from website.core.exceptions import Refused
from website.core.links import absolute_url
from website.notifications.notices import tell

from . import permissions, selectors
from .models import (
    Answer,
    Participation,
    Questionnaire,
    Response,
    Survey,
    SurveyNotice,
    coarse_date,
)
from .questions import all_questions, options_mask

_shuffle = random.SystemRandom().shuffle


def survey_answer(
    *, survey: Survey, user: User, answers: Mapping[str, object], today: date | None = None
) -> None:
    """Record ``user``'s answers to ``survey`` (validated by ``forms.SurveyForm``).

    ``answers`` maps a question id to an int (choice, rating), a list of ints (multiple
    choice), a string (text) or None (not answered). The participation and the response
    are written in one transaction; for an anonymous survey nothing links them.
    Raises ``Refused`` for someone outside the audience, a closed survey or a second answer.
    ``today`` (the Italian day, by default today) is for recording answers collected
    earlier, such as the demo's.
    """
    today = today or timezone.localdate()
    with transaction.atomic():
        # Lock the survey: two answers of one person arrive one after the other.
        survey = Survey.objects.select_for_update().get(pk=survey.pk)
        if not permissions.in_audience(user, survey):
            raise Refused(_("Questo questionario non è rivolto a te."))
        if survey.state(last_day=selectors.last_day_of(survey), today=today) != "open":
            raise Refused(_("Questo questionario non accetta risposte in questo momento."))
        try:
            with transaction.atomic():
                participation = Participation.objects.create(
                    survey=survey,
                    user=user,
                    answered_on=coarse_date(anonymous=survey.is_anonymous, today=today),
                )
        except IntegrityError:
            raise Refused(_("Hai già risposto a questo questionario.")) from None
        cluster_id = survey.edition.cluster_id if survey.edition is not None else None
        if cluster_id is None and user.centre is not None:
            cluster_id = user.centre.cluster_id
        response = Response.objects.create(survey=survey, cluster_id=cluster_id)
        Answer.objects.bulk_create(_answer_rows(response, survey, answers))
        if survey.is_anonymous:
            Survey.objects.filter(pk=survey.pk).update(needs_shuffle=True)
        else:
            participation.response = response
            participation.save(update_fields=["response"])


def _answer_rows(response: Response, survey: Survey, answers: Mapping[str, object]) -> list[Answer]:
    rows = []
    for question in all_questions(survey.sections()):
        value = answers.get(question.id)
        if value is None or value == "" or value == []:
            continue
        if question.is_text:
            rows.append(Answer(response=response, question=question.id, text=str(value)))
        elif question.is_multiple:
            rows.append(Answer(response=response, question=question.id, choice=options_mask(value)))
        else:
            # A choice or rating: an int, as forms.SurveyForm cleans it.
            rows.append(
                Answer(response=response, question=question.id, choice=int(cast(int, value)))
            )
    _shuffle(rows)
    return rows


def anonymous_responses_shuffle(*, survey_ids: Iterable[int] | None = None) -> int:
    """Rewrite the responses of anonymous surveys that received answers since the last run,
    with new random keys and in a random order; return how many surveys were rewritten.

    The database stores rows in the order they come (SQLite's rowid, PostgreSQL's
    physical order and transaction ids), which follows the order of the participations;
    rewritten in a random order, a response's place tells nothing of who gave it.
    """
    pending = Survey.objects.filter(needs_shuffle=True, is_anonymous=True)
    if survey_ids is not None:
        pending = pending.filter(pk__in=list(survey_ids))
    done = 0
    for survey_id in pending.values_list("pk", flat=True):
        with transaction.atomic():
            survey = Survey.objects.select_for_update().get(pk=survey_id)
            if not survey.needs_shuffle:
                continue
            old = list(Response.objects.filter(survey=survey).values_list("pk", "cluster_id"))
            answers = list(
                Answer.objects.filter(response__survey=survey).values_list(
                    "response_id", "question", "choice", "text"
                )
            )
            Response.objects.filter(survey=survey).delete()
            _shuffle(old)
            new_ids = {response_id: uuid.uuid4() for response_id, _cluster in old}
            Response.objects.bulk_create(
                Response(id=new_ids[response_id], survey=survey, cluster_id=cluster_id)
                for response_id, cluster_id in old
            )
            rows = [
                Answer(
                    response_id=new_ids[response_id], question=question, choice=choice, text=text
                )
                for response_id, question, choice, text in answers
            ]
            _shuffle(rows)
            Answer.objects.bulk_create(rows, batch_size=500)
            Survey.objects.filter(pk=survey.pk).update(needs_shuffle=False)
            done += 1
    return done


def evaluation_surveys_create(
    *, questionnaire: Questionnaire, editions: Iterable[Edition], anonymous: bool = True
) -> list[Survey]:
    """Give ``questionnaire`` as the end-of-edition evaluation of each edition that has none
    from it yet; return the surveys created."""
    created = []
    with transaction.atomic():
        for edition in editions:
            if Survey.objects.filter(
                questionnaire=questionnaire, edition=edition, kind=Survey.Kind.EVALUATION
            ).exists():
                continue
            survey = Survey(
                title=_("Valutazione dell'edizione %(code)s") % {"code": edition.code},
                questionnaire=questionnaire,
                kind=Survey.Kind.EVALUATION,
                is_anonymous=anonymous,
                edition=edition,
            )
            survey.save()
            created.append(survey)
    return created


def survey_notices_send(*, today: date | None = None) -> int:
    """Tell each person in the audience of an open survey, once, that it waits for them
    (an email and a notification); return how many were told. Idempotent."""
    today = today or timezone.localdate()
    told = 0
    surveys = selectors.with_last_day(Survey.objects.all()).filter(selectors.open_condition(today))
    for survey in surveys.select_related("edition__course"):
        people = (
            selectors.audience_users(survey)
            .exclude(survey_participations__survey=survey)
            .exclude(pk__in=SurveyNotice.objects.filter(survey=survey).values("user_id"))
            .distinct()
        )
        for person in people:
            with transaction.atomic():
                _notice, created = SurveyNotice.objects.get_or_create(survey=survey, user=person)
                if not created:
                    continue
                tell(
                    person,
                    "surveys/emails/survey_waiting",
                    {
                        "survey": survey,
                        "survey_url": absolute_url(survey.get_absolute_url()),
                        "closes_on": survey.closes_on,
                    },
                    kind="surveys-waiting",
                    url=reverse("surveys:survey", kwargs={"pk": survey.pk}),
                    body_template="surveys/emails/notice_body.txt",
                )
            told += 1
    return told
