"""Read-only questions about certificates: who meets a course's rule, who holds what.

Each answers in a fixed number of queries, whatever the number of people.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from attendance.models import RegisterClosure
from attendance.selectors import Attendance, edition_attendance, register_is_closed
from courses.models import Course, Edition
from website.accounts.models import User
from website.core.generations import remember_content
from website.core.prepared import prepared_objects

from .conditions import available_conditions
from .models import Certificate, CertificateRule, CertificateTemplate, IssueRun


def rule_for(course: Course) -> CertificateRule:
    """The course's rule; an unsaved default (no conditions, no expiry) when it has none."""
    try:
        rule: CertificateRule = course.certificate_rule
        return rule
    except CertificateRule.DoesNotExist:
        return CertificateRule(course=course)


def course_rule(course: Course) -> CertificateRule:
    """:func:`rule_for` for the course page and the edition's page in the admin, from the cache
    (CertificatesConfig bumps the content generation whenever a rule is saved or deleted).
    Read it, never save it."""
    return remember_content(f"certificates.rule:{course.pk}", lambda: rule_for(course))


def template_for(rule: CertificateRule) -> CertificateTemplate | None:
    if rule.template_id:
        return rule.template
    return CertificateTemplate.objects.filter(is_default=True).first()


def meets_attendance(attendance: Attendance, threshold: Decimal) -> bool:
    """Attended at least ``threshold`` per cent of the edition's hours (exactly, no rounding).

    Absences count no hours, excused or not: the share is of all the
    edition's hours, as the attendance register computes it.
    """
    if not attendance.total_hours:
        return False
    return attendance.attended_hours * 100 >= threshold * attendance.total_hours


@dataclass(frozen=True)
class Standing:
    """Where one participant of an edition stands towards its certificate."""

    user: User
    attendance: Attendance
    meets_attendance: bool
    missing_conditions: tuple[str, ...]
    certificate: Certificate | None

    @property
    def meets_rule(self) -> bool:
        return self.meets_attendance and not self.missing_conditions

    @property
    def may_be_issued(self) -> bool:
        """Meets the rule and holds no certificate for the course yet (valid or revoked)."""
        return self.meets_rule and self.certificate is None


def _current_certificates_query(course_id: int, *user_ids: int) -> QuerySet[Certificate]:
    return (
        Certificate.objects.filter(course_id=course_id, user_id__in=user_ids)
        .exclude(status=Certificate.Status.SUPERSEDED)
        .filter(replaced_by__isnull=True)
        .select_related("edition")
        .order_by("issued_at", "pk")
    )


def current_certificates(course: Course, user_ids: Iterable[int]) -> dict[int, Certificate]:
    """Per person, the certificate that stands for the course: valid, else the last revoked.

    One query, built once per number of people (``website.core.prepared``)."""
    found: dict[int, Certificate] = {}
    rows = prepared_objects(
        "certificates.current_certificates",
        _current_certificates_query,
        [course.pk, *user_ids],
    )
    for certificate in rows:
        held = found.get(certificate.user_id)
        if held is None or not held.is_valid:
            found[certificate.user_id] = certificate
    return found


def _participants_query(*user_ids: int) -> QuerySet[User]:
    return (
        User.objects.filter(pk__in=user_ids)
        .select_related("centre")
        .order_by("last_name", "first_name", "pk")
    )


def edition_standings(edition: Edition, *, rule: CertificateRule | None = None) -> list[Standing]:
    """Every confirmed participant of the edition, with attendance and certificate, by name.

    Its queries are built once per number of participants (``website.core.prepared``): a
    bulk issue asks this of every edition it issues."""
    rule = rule or rule_for(edition.course)
    totals = edition_attendance(edition)
    ids = list(totals)
    people = prepared_objects("certificates.participants", _participants_query, ids)
    conditions = available_conditions()
    unmet: dict[int, list[str]] = {}
    for key in rule.conditions:
        condition = conditions.get(key)
        meeting = set(condition.users_meeting(edition, ids)) if condition else set()
        label = condition.label if condition else key
        for user_id in ids:
            if user_id not in meeting:
                unmet.setdefault(user_id, []).append(str(label))
    held = current_certificates(edition.course, ids)
    threshold = edition.course.attendance_threshold
    return [
        Standing(
            user=person,
            attendance=totals[person.pk],
            meets_attendance=meets_attendance(totals[person.pk], threshold),
            missing_conditions=tuple(unmet.get(person.pk, ())),
            certificate=held.get(person.pk),
        )
        for person in people
    ]


def standing_of(
    edition: Edition, user_id: int, *, rule: CertificateRule | None = None
) -> Standing | None:
    """One participant's standing (None when they hold no confirmed place)."""
    return next((s for s in edition_standings(edition, rule=rule) if s.user.pk == user_id), None)


def condition_labels(rule: CertificateRule) -> list[str]:
    conditions = available_conditions()
    return [str(conditions[key].label) if key in conditions else key for key in rule.conditions]


def issuable_editions() -> QuerySet[Edition]:
    """Editions whose register is closed, with how many certificates they have issued."""
    return (
        Edition.objects.filter(Exists(RegisterClosure.objects.filter(edition=OuterRef("pk"))))
        .select_related("course", "course__programme", "cluster", "register_closure")
        .annotate(
            valid_certificates=Count("certificates", filter=Q(certificates__status="valid")),
            active_runs=Count(
                "certificate_runs", filter=Q(certificate_runs__state__in=IssueRun.ACTIVE_STATES)
            ),
        )
        .order_by("-register_closure__closed_at", "code")
    )


def edition_is_issuable(edition: Edition) -> bool:
    return register_is_closed(edition)


def active_run(edition: Edition) -> IssueRun | None:
    return IssueRun.objects.filter(edition=edition, state__in=IssueRun.ACTIVE_STATES).first()


def latest_run(edition: Edition) -> IssueRun | None:
    return IssueRun.objects.filter(edition=edition).first()


def holder_certificates(user: User) -> QuerySet[Certificate]:
    """A person's certificates that stand (valid or revoked, not replaced), newest first."""
    return (
        Certificate.objects.filter(user=user, replaced_by__isnull=True)
        .exclude(status=Certificate.Status.SUPERSEDED)
        .select_related("edition", "course")
        .order_by("-issued_at", "-pk")
    )


def counted_as_issued() -> QuerySet[Certificate]:
    """Certificates the reports count as issued: valid ones, expired included.

    An expired certificate was issued and never withdrawn; a revoked one was
    withdrawn, and a replaced one is counted through its reissue.
    """
    return Certificate.objects.filter(status=Certificate.Status.VALID)


def certificate_by_code(code: str) -> Certificate | None:
    return Certificate.objects.filter(code=code).select_related("replaced_by", "replaces").first()


def edition_certificates(edition: Edition) -> QuerySet[Certificate]:
    return Certificate.objects.filter(edition=edition, status=Certificate.Status.VALID).order_by(
        "user__last_name", "user__first_name", "pk"
    )


def set_status_indexes(number: int) -> QuerySet[Certificate, int]:
    """The positions of a status list whose bit is set: revoked or replaced certificates."""
    return (
        Certificate.objects.filter(status_list=number)
        .filter(Q(status=Certificate.Status.REVOKED) | Q(status=Certificate.Status.SUPERSEDED))
        .values_list("status_index", flat=True)
    )


def status_list_exists(number: int) -> bool:
    return number == 1 or Certificate.objects.filter(status_list=number).exists()
