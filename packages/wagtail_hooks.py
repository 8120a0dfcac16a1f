from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from courses.hooks import COURSE_PAGE_PANELS

from .permissions import can_manage_course, manages_all
from .selectors import course_packages, package_outcomes


class PackagesMenuItem(MenuItem):
    """The staff pages are on the site (teachers have no admin): a link for training managers."""

    def is_shown(self, request):
        return manages_all(request.user)


@hooks.register("register_admin_menu_item")
def register_packages_menu_item():
    return PackagesMenuItem(
        _("Pacchetti e-learning"),
        reverse("packages:list"),
        name="packages",
        icon_name="media",
        order=330,
    )


@hooks.register(COURSE_PAGE_PANELS)
def course_packages_panel(request, course):
    """The course's SCORM packages and H5P activities, each with the learner's progress."""
    from courses.selectors import is_enrolled_in_course

    user = request.user
    if not user.is_authenticated:
        return ""
    enrolled = is_enrolled_in_course(user, course)
    if not enrolled and not can_manage_course(user, course):
        return ""
    packages = course_packages(course.pk)
    if not packages:
        return ""
    # Asked only when there is something to manage (a learner's list needs no teaching check).
    manages = can_manage_course(user, course)
    outcomes = package_outcomes(package_ids=[p.pk for p in packages], user_ids=[user.pk])
    return render_to_string(
        "packages/panels/course_packages.html",
        {
            "items": [(p, outcomes.get((p.pk, user.pk))) for p in packages],
            "can_manage": manages,
        },
        request=request,
    )
