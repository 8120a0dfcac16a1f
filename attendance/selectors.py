"""Read-only questions about attendance that pages, reports and certificates ask.

Each answers in a fixed number of queries, whatever the size of the register.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Q, Sum

from courses.models import Enrolment, Session

from .models import AttendanceRecord, RegisterClosure


@dataclass(frozen=True)
class Attendance:
    """What one participant attended of one edition."""

    user_id: int
    attended_hours: Decimal
    total_hours: Decimal
    days_attended: int
    days_excused: int

    @property
    def share(self) -> Decimal:
        """Attended hours over the edition's hours, 0–100 (two decimals)."""
        if not self.total_hours:
            return Decimal("0")
        return (self.attended_hours * 100 / self.total_hours).quantize(Decimal("0.01"))


def edition_total_hours(edition) -> Decimal:
    """The hours of every classroom day of the edition."""
    return Session.objects.filter(edition=edition).aggregate(total=Sum("hours"))[
        "total"
    ] or Decimal("0")


def edition_attendance(edition) -> dict[int, Attendance]:
    """Per confirmed participant of the edition (by user id), what they attended.

    Participants with no record yet count zero hours. Two queries.
    """
    total = edition_total_hours(edition)
    rows = (
        Enrolment.objects.filter(edition=edition, status=Enrolment.Status.APPROVED)
        .values("user_id")
        .annotate(
            attended=Sum(
                "user__attendance__hours",
                filter=Q(user__attendance__session__edition=edition),
            ),
            days=Count(
                "user__attendance",
                filter=Q(user__attendance__session__edition=edition, user__attendance__hours__gt=0),
            ),
            excused=Count(
                "user__attendance",
                filter=Q(
                    user__attendance__session__edition=edition,
                    user__attendance__status="excused",
                ),
            ),
        )
    )
    return {
        row["user_id"]: Attendance(
            user_id=row["user_id"],
            attended_hours=row["attended"] or Decimal("0"),
            total_hours=total,
            days_attended=row["days"],
            days_excused=row["excused"],
        )
        for row in rows
    }


def register_is_closed(edition) -> bool:
    return RegisterClosure.objects.filter(edition=edition).exists()


def records_of(edition):
    """Every record of the edition's days, with its day and participant."""
    return AttendanceRecord.objects.filter(session__edition=edition).select_related(
        "session", "user"
    )
