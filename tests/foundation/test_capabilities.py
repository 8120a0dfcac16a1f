"""One capability model: roles are groups tied to a stable code, powers are permissions.

Renaming a group in the admin changes its label, never what its members may do.
"""

import pytest
from django.contrib.auth.models import Group, Permission

from attendance.permissions import can_mark_register, keeps_every_register
from certificates.permissions import can_issue_certificates
from courses.forms import teachers_queryset
from courses.permissions import can_decide_enrolments, can_manage_courses, can_view_participants
from forums.models import Forum
from forums.permissions import can_start_topic, moderated_forums, readable_forums
from forums.selectors import forum_moderators
from reports.permissions import can_view_training_record, sees_every_report, visible_centres
from resources.permissions import can_upload, can_upload_to_library, uploadable_course_ids
from website.accounts.models import User
from website.accounts.permissions import (
    assignable_groups,
    can_assign_centre,
    can_decide_affiliations,
)
from website.accounts.roles import Role, has_role, role_group

pytestmark = pytest.mark.django_db

# Who holds each capability, by role code.
CAPABILITIES = {
    "accounts.grant_affiliation": {Role.TRAINING_MANAGER},
    "courses.manage_programme": {Role.TRAINING_MANAGER},
    "courses.manage_enrolment": {Role.TRAINING_MANAGER},
    "attendance.keep_any_register": {Role.TRAINING_MANAGER},
    "reports.view_all": {Role.TRAINING_MANAGER},
    "certificates.issue": {Role.TRAINING_MANAGER},
    "records.view_all": {Role.TRAINING_MANAGER},
    "records.confirm_event_attendance": {Role.TRAINING_MANAGER},
    "forums.moderate_all": {Role.TRAINING_MANAGER},
    "forums.post_announcements": {Role.TEACHER, Role.COACH, Role.TRAINING_MANAGER},
    "resources.manage_library": {Role.TRAINING_MANAGER},
    "quizzes.manage_quizzes": {Role.TRAINING_MANAGER},
    "resources.view_staff_materials": {Role.TEACHER, Role.COACH, Role.TRAINING_MANAGER},
    "resources.share_course_material": {Role.TEACHER},
    "learning.manage_online": {Role.TRAINING_MANAGER},
    "learning.view_all_progress": {Role.TRAINING_MANAGER},
    "packages.manage_packages": {Role.TRAINING_MANAGER},
    "cms.view_rating_report": {Role.EDITOR, Role.EDITOR_IN_CHIEF, Role.TRAINING_MANAGER},
    "analytics.view_visit_report": {Role.EDITOR, Role.EDITOR_IN_CHIEF, Role.TRAINING_MANAGER},
    "wagtailadmin.access_admin": {Role.EDITOR, Role.EDITOR_IN_CHIEF, Role.TRAINING_MANAGER},
    "surveys.manage_surveys": {Role.TRAINING_MANAGER},
    "surveys.view_results": {Role.TRAINING_MANAGER},
}


def holders(perm: str) -> set[str]:
    app_label, codename = perm.split(".")
    permission = Permission.objects.get(content_type__app_label=app_label, codename=codename)
    return set(Group.objects.filter(permissions=permission).values_list("role__code", flat=True))


@pytest.mark.parametrize("perm", sorted(CAPABILITIES))
def test_each_capability_is_held_by_its_roles_only(perm):
    assert holders(perm) == {str(role) for role in CAPABILITIES[perm]}


def test_every_role_has_its_group():
    assert set(Group.objects.values_list("role__code", flat=True)) >= set(Role.values)
    assert role_group(Role.EDITOR_IN_CHIEF).name == "Caporedattori"


@pytest.fixture
def people(
    operator, centre_manager, cluster_lead, teacher, coach, editor, training_manager, make_user
):
    chief = make_user(role=Role.EDITOR_IN_CHIEF)
    return [operator, centre_manager, cluster_lead, teacher, coach, editor, chief, training_manager]


def what_each_may_do(people, edition, course, org) -> dict:
    """A representative set of checks, read on fresh user objects (no cached permissions)."""
    announcements = Forum.objects.get(slug="avvisi")
    table = {}
    for person in people:
        user = User.objects.get(pk=person.pk)
        table[user.email] = {
            "capabilities": {perm: user.has_perm(perm) for perm in CAPABILITIES},
            "roles": {role: has_role(user, role) for role in Role},
            "courses": (
                can_manage_courses(user),
                can_decide_enrolments(user),
                can_view_participants(user, edition),
            ),
            "register": (keeps_every_register(user), can_mark_register(user, edition, closed=True)),
            "reports": (
                sees_every_report(user),
                sorted(visible_centres(user).values_list("pk", flat=True)),
                can_view_training_record(user, people[0]),
            ),
            "certificates": can_issue_certificates(user),
            "forums": (
                sorted(readable_forums(user).values_list("pk", flat=True)),
                sorted(moderated_forums(user).values_list("pk", flat=True)),
                can_start_topic(user, announcements),
            ),
            "resources": (
                can_upload(user),
                can_upload_to_library(user),
                uploadable_course_ids(user),
            ),
            "accounts": (
                can_decide_affiliations(user),
                can_assign_centre(user),
                sorted(assignable_groups(user).values_list("pk", flat=True)),
            ),
        }
    table["forum moderators"] = sorted(
        user.pk for user in forum_moderators(Forum.objects.get(slug="comunita"))
    )
    table["teachers offered"] = sorted(teachers_queryset().values_list("pk", flat=True))
    return table


def test_renaming_every_group_changes_no_power(people, edition, course, org, teacher):
    edition.teachers.add(teacher)
    before = what_each_may_do(people, edition, course, org)
    assert before["gestore@example.org"]["capabilities"]["reports.view_all"]
    assert before["teachers offered"] == [teacher.pk]

    for group in Group.objects.all():
        group.name = f"Rinominato {group.pk}"
        group.save()

    assert what_each_may_do(people, edition, course, org) == before
    assert role_group(Role.TRAINING_MANAGER).name.startswith("Rinominato")
