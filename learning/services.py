"""Changes to the online part: a learner's completion, and the notices of activities that open."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from attendance.selectors import attended_hours_subquery, held_hours_subquery
from courses.models import Edition, Enrolment
from website.accounts.types import User
from website.core.exceptions import Refused
from website.core.links import absolute_url
from website.notifications.notices import tell

from . import kinds
from .availability import LearnerState, closure, opening_time
from .models import OFFSET_MAX_DAYS, Activity, ActivityCompletion, ActivityNotice
from .selectors import completed_pairs, course_activities

# What a learner may send: seen the activity, marked it done, or taken the mark back.
VIEWED = "viewed"
DONE = "done"
UNDONE = "undone"
ACTIONS = (VIEWED, DONE, UNDONE)
# An opening older than this is not announced (a new rule on an old edition tells no one).
NOTICE_WINDOW = timedelta(days=7)


def completion_record(
    *, user: User, activity: Activity, action: str, state: LearnerState, now: datetime | None = None
) -> ActivityCompletion | None:
    """Record that ``user`` saw ``activity``, marked it done, or took the mark back.

    The caller checked that the person holds a place; this refuses an activity
    that is not open to them (``state`` is theirs) and a mark the activity's
    rule does not take. Viewing never undoes "done". One transaction.
    """
    now = now or timezone.now()
    if action not in ACTIONS:
        raise Refused(_("Azione non riconosciuta: ricarica la pagina e riprova."))
    reason = closure(activity, state, now=now)
    if reason is not None:
        raise Refused(reason.reason)
    if action in (DONE, UNDONE) and activity.completion != kinds.DONE:
        raise Refused(_("Questa attività si completa da sola: non si segna a mano."))
    with transaction.atomic():
        record = (
            ActivityCompletion.objects.select_for_update()
            .filter(user=user, activity=activity)
            .first()
        )
        if record is None:
            state_value = (
                ActivityCompletion.State.DONE if action == DONE else ActivityCompletion.State.VIEWED
            )
            try:
                with transaction.atomic():
                    return ActivityCompletion.objects.create(
                        user=user, activity=activity, state=state_value, completed_at=now
                    )
            except IntegrityError:  # a second tab recorded it a moment ago
                record = ActivityCompletion.objects.select_for_update().get(
                    user=user, activity=activity
                )
        if action == DONE and record.state != ActivityCompletion.State.DONE:
            record.state = ActivityCompletion.State.DONE
            record.completed_at = now
            record.save(update_fields=["state", "completed_at"])
        elif action == UNDONE and record.state == ActivityCompletion.State.DONE:
            record.state = ActivityCompletion.State.VIEWED
            record.save(update_fields=["state"])
        return record


# --- Notices --------------------------------------------------------------------------------


def opening_notices_send(*, now: datetime | None = None) -> int:
    """Tell each learner, once, that an activity with an opening date has opened for them.

    Only activities that open on a date (fixed or relative to the edition) and
    opened in the last ``NOTICE_WINDOW``, only to people with a confirmed place
    for whom every other condition holds too. Each notice is recorded in its own
    small transaction before the email leaves (after commit) and is unique per
    person and activity, so a second run, or two at once, tell nobody twice.
    """
    now = now or timezone.now()
    today = timezone.localdate(now)
    course_ids = set(
        Activity.objects.filter(Q(opens_at__isnull=False) | ~Q(opens_relative_to="")).values_list(
            "section__course_id", flat=True
        )
    )
    if not course_ids:
        return 0
    all_activities = course_activities(course_ids)
    activities = [a for a in all_activities if a.opens_by_date]
    titles = {a.pk: a.title for a in all_activities}
    editions = Edition.objects.filter(
        course_id__in=course_ids,
        status__in=[Edition.Status.SCHEDULED, Edition.Status.CLOSED],
        starts_on__lte=today + timedelta(days=OFFSET_MAX_DAYS),
        ends_on__gte=today - timedelta(days=OFFSET_MAX_DAYS),
    ).select_related("course")
    sent = 0
    notified = set(
        ActivityNotice.objects.filter(activity__in=activities).values_list("activity_id", "user_id")
    )
    for edition in editions:
        mine = [a for a in activities if a.section.course_id == edition.course_id]
        due = []
        for activity in mine:
            opens = opening_time(activity, edition)
            if opens is not None and now - NOTICE_WINDOW <= opens <= now:
                due.append(activity)
        if not due:
            continue
        places = list(
            Enrolment.objects.filter(edition=edition, status=Enrolment.Status.APPROVED)
            .select_related("user")
            .annotate(attended=attended_hours_subquery(), held=held_hours_subquery(today=today))
        )
        user_ids = [p.user_id for p in places]
        course_all = [a for a in all_activities if a.section.course_id == edition.course_id]
        done = completed_pairs(course_all, user_ids)
        for place in places:
            state = LearnerState(
                edition=edition,
                attended_hours=place.attended,
                held_hours=place.held,
                completed=frozenset(a for a, u in done if u == place.user_id),
                titles=titles,
            )
            for activity in due:
                if (activity.pk, place.user_id) in notified:
                    continue
                if (activity.pk, place.user_id) in done:
                    continue
                if closure(activity, state, now=now) is not None:
                    continue
                with transaction.atomic():
                    _notice, created = ActivityNotice.objects.get_or_create(
                        user=place.user, activity=activity
                    )
                    if created:
                        _tell_opened(place.user, activity, edition)
                        sent += 1
    return sent


def _tell_opened(user: User, activity: Activity, edition: Edition) -> None:
    url = reverse("learning:activity", kwargs={"pk": activity.pk})
    tell(
        user,
        "learning/emails/activity_opened",
        {
            "user": user,
            "activity": activity,
            "course": edition.course,
            "edition": edition,
            "activity_url": absolute_url(url),
        },
        kind="learning-activity-opened",
        url=url,
    )
