"""When an activity is open to a learner, and if not, why and until when: checked on the server.

``closure_for(user, activity)`` answers for one learner and one activity (the
shape the quiz and survey gate hooks take); pages that show many activities
build one ``LearnerState`` (a fixed number of queries, see ``selectors``) and
call ``closure`` for each activity in memory. Every condition set on an
activity must hold (AND): opening and closing dates, fixed or relative to the
learner's own edition (its first or last classroom day), another activity
completed, a share of the classroom hours held so far attended.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.utils import formats, timezone
from django.utils.translation import gettext as _

from courses.models import Edition

from .models import Activity


@dataclass(frozen=True)
class Closure:
    """Why an activity is not open to a learner now, and when it opens (None: not by a date)."""

    reason: str
    opens_at: datetime | None


@dataclass(frozen=True)
class LearnerState:
    """What availability reads about one learner in one course."""

    edition: Edition | None
    attended_hours: Decimal = Decimal("0")
    held_hours: Decimal = Decimal("0")
    completed: frozenset[int] = field(default_factory=frozenset)
    # Titles of the course's activities, to name a missing prerequisite without a query.
    titles: dict[int, str] = field(default_factory=dict)

    @property
    def attendance_share(self) -> Decimal:
        """Hours attended over the hours of the edition's days held so far, 0–100."""
        if not self.held_hours:
            return Decimal("0")
        return (self.attended_hours * 100 / self.held_hours).quantize(Decimal("0.01"))


def _midnight(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def _anchor(activity: Activity, side: str, edition: Edition | None) -> date | None:
    relative_to = getattr(activity, f"{side}_relative_to")
    if not relative_to or edition is None:
        return None
    day = edition.starts_on if relative_to == Activity.Anchor.FIRST_DAY else edition.ends_on
    return day + timedelta(days=getattr(activity, f"{side}_offset_days") or 0)


def opening_time(activity: Activity, edition: Edition | None) -> datetime | None:
    """When the activity's dates open it for a learner of ``edition`` (None: no date)."""
    if activity.opens_at:
        return activity.opens_at
    day = _anchor(activity, "opens", edition)
    return _midnight(day) if day else None


def closing_time(activity: Activity, edition: Edition | None) -> datetime | None:
    """When it closes: the end of the day a relative rule names."""
    if activity.closes_at:
        return activity.closes_at
    day = _anchor(activity, "closes", edition)
    return _midnight(day + timedelta(days=1)) if day else None


def when(moment: datetime) -> str:
    """A moment in Italian (or the person's language): the date, and the time when not midnight."""
    local = timezone.localtime(moment)
    if local.time() == time.min:
        return formats.date_format(local, "DATE_FORMAT")
    return formats.date_format(local, "DATETIME_FORMAT")


def closure(
    activity: Activity, state: LearnerState, *, now: datetime | None = None
) -> Closure | None:
    """None when ``activity`` is open to the learner of ``state``; otherwise why not."""
    now = now or timezone.now()
    reasons: list[str] = []
    date_only = True
    opens_at = opening_time(activity, state.edition)
    if (activity.opens_relative_to or activity.closes_relative_to) and state.edition is None:
        return Closure(_("L'attività si apre in base alle date della tua edizione."), None)
    if opens_at and opens_at > now:
        reasons.append(_("Si apre il %(when)s.") % {"when": when(opens_at)})
    closes_at = closing_time(activity, state.edition)
    if closes_at and closes_at <= now:
        return Closure(_("Si è chiusa il %(when)s.") % {"when": when(closes_at)}, None)
    if activity.prerequisite_id and activity.prerequisite_id not in state.completed:
        title = state.titles.get(activity.prerequisite_id) or _("un'altra attività")
        reasons.append(_("Si apre dopo che avrai completato «%(title)s».") % {"title": title})
        date_only = False
    if activity.min_attendance_share is not None:
        share = state.attendance_share
        if share < activity.min_attendance_share:
            reasons.append(
                _(
                    "Si apre quando avrai frequentato almeno il %(needed)s%% delle ore d'aula "
                    "svolte finora (ora: %(share)s%%)."
                )
                % {
                    "needed": formats.number_format(activity.min_attendance_share.normalize()),
                    "share": formats.number_format(share.normalize()),
                }
            )
            date_only = False
    if not reasons:
        return None
    return Closure(" ".join(reasons), opens_at if date_only else None)


def closure_for(user, activity: Activity, *, now: datetime | None = None) -> Closure | None:
    """Availability for one learner and one activity (the gate hooks' shape): a few queries."""
    from .selectors import learner_state

    state = learner_state(user, activity.section.course_id)
    return closure(activity, state, now=now)


def closure_for_target(
    user, *, field: str, target_id: int, now: datetime | None = None
) -> Closure | None:
    """For the quiz and survey gate hooks: why the thing ``field`` = ``target_id`` names (a
    quiz, a survey) is not open to ``user`` yet, through the activities that show it.

    Only learners with a place are gated here (whether someone may see the quiz at all is the
    quiz app's question); an object shown by several activities is closed while any is.
    """
    from .selectors import learner_places

    activities = list(
        Activity.objects.filter(**{f"{field}_id": target_id}).select_related("section")
    )
    if not activities or not user.is_authenticated:
        return None
    places = learner_places(user, {a.section.course_id for a in activities})
    for activity in activities:
        if activity.section.course_id not in places:
            continue
        found = closure_for(user, activity, now=now)
        if found is not None:
            return found
    return None
