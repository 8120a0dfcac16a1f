"""Who may do what with an attendance register: one function per action.

A register belongs to an edition. Its teachers keep it while it is open;
training managers keep every register, and once one is closed they are the
only ones who change it (the service asks them for a reason). Views answer
404 to anyone a function refuses.
"""

from courses.models import Edition
from courses.relations import teaches
from website.accounts.types import AnyUser

from .models import KEPT_STATUSES


def keeps_every_register(user: AnyUser) -> bool:
    """Training managers: every register, open or closed."""
    return user.is_authenticated and user.has_perm("attendance.keep_any_register")


def can_view_register(user: AnyUser, edition: Edition) -> bool:
    """The grid, the days and the totals: the edition's teachers and the training managers."""
    return keeps_every_register(user) or teaches(user, edition)


def can_mark_register(user: AnyUser, edition: Edition, *, closed: bool) -> bool:
    """Mark or correct the days: the teachers while it is open, training managers always."""
    if edition.status not in KEPT_STATUSES:
        return False
    if keeps_every_register(user):
        return True
    return not closed and teaches(user, edition)


def can_read_register_history(user: AnyUser, edition: Edition) -> bool:
    """Every change ever made, who made it and why: teachers of the edition, training managers."""
    return can_view_register(user, edition)


def can_close_register(user: AnyUser, edition: Edition) -> bool:
    return edition.status in KEPT_STATUSES and keeps_every_register(user)


def can_reopen_register(user: AnyUser, edition: Edition) -> bool:
    return keeps_every_register(user)


def can_show_checkin_code(user: AnyUser, edition: Edition, *, closed: bool) -> bool:
    """The rotating code and QR code for self check-in, shown in the classroom."""
    return (
        edition.self_checkin_enabled
        and not closed
        and edition.status == Edition.Status.SCHEDULED
        and can_view_register(user, edition)
    )


def can_check_in(user: AnyUser, edition: Edition, *, holds_place: bool) -> bool:
    """Mark oneself present with the classroom's code: people with a confirmed place.

    Whether the code is right, fresh and of this day is the service's question.
    """
    return (
        user.is_authenticated
        and holds_place
        and edition.self_checkin_enabled
        and edition.status == Edition.Status.SCHEDULED
    )
