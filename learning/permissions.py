"""Who may do what with the online part of a course: one function per question.

Learners are the people with a confirmed place in an edition of the course;
teachers of an edition see its completion matrix; the capabilities
``learning.manage_online`` (sections, activities, lessons in the admin, and a
preview of every activity) and ``learning.view_all_progress`` (every
edition's matrix) belong to training managers. Views answer 404 to anyone a
function refuses (``website.core.access.deny``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from courses.models import Course, Edition
from courses.permissions import can_view_course
from courses.relations import teaches
from courses.relations import teaches_course as teaches_in_course
from website.accounts.types import AnyUser

if TYPE_CHECKING:
    from .models import Activity


def can_manage_online(user: AnyUser) -> bool:
    """Sections, activities and lessons of every course, in the admin."""
    return user.is_authenticated and user.has_perm("learning.manage_online")


def sees_all_progress(user: AnyUser) -> bool:
    return user.is_authenticated and user.has_perm("learning.view_all_progress")


def teaches_course(user: AnyUser, course: Course) -> bool:
    return teaches_in_course(user, course.pk)


def can_preview_course(user: AnyUser, course: Course) -> bool:
    """Open every activity without a place, availability or completion: the course's staff."""
    return can_manage_online(user) or teaches_course(user, course)


def can_open_activity(user: AnyUser, activity: Activity, *, has_place: bool) -> bool:
    """A learner with a place in the course (dates and conditions are availability's question),
    or the course's staff."""
    course = activity.section.course
    if not user.is_authenticated or not can_view_course(user, course):
        return False
    return has_place or can_preview_course(user, course)


def can_record_completion(user: AnyUser, *, has_place: bool) -> bool:
    """Only learners record their own completion; staff previews record nothing."""
    return user.is_authenticated and has_place


def can_view_matrix(user: AnyUser, edition: Edition) -> bool:
    """Who completed what in an edition: its teachers and those who see every edition."""
    return sees_all_progress(user) or teaches(user, edition)
