"""Sections, activities and lessons in the Wagtail admin ("Formazione online" in the menu).

A section is edited with its activities inline (ordered by dragging, as
Wagtail orders a page's inline items); lessons are written with the web
channel's blocks. Every action needs the capability ``learning.manage_online``.
"""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel, ObjectList
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.permission_policies.base import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from website.core.deletion import DeleteView
from website.core.viewsets import FEMININE, ModelViewSet

from .models import Lesson, Section


class CapabilityPermissionPolicy(ModelPermissionPolicy):
    """Every action on the model is the one capability ``learning.manage_online``."""

    CODENAME = "manage_online"

    def __init__(self, model):
        super().__init__(model, auth_model=Section)

    def user_has_permission(self, user, action):
        return user.is_active and user.has_perm(f"learning.{self.CODENAME}")

    def users_with_any_permission(self, actions):
        return self._get_users_with_any_permission_codenames([self.CODENAME])


register_permission_policy(Section, CapabilityPermissionPolicy(Section))
register_permission_policy(Lesson, CapabilityPermissionPolicy(Lesson))

ACTIVITY_PANELS = [
    FieldRowPanel([FieldPanel("title"), FieldPanel("kind")]),
    FieldPanel("description"),
    FieldRowPanel([FieldPanel("duration_minutes"), FieldPanel("completion")]),
    MultiFieldPanel(
        [
            FieldRowPanel([FieldPanel("lesson"), FieldPanel("resource")]),
            FieldRowPanel([FieldPanel("quiz"), FieldPanel("survey"), FieldPanel("package")]),
            FieldPanel("url"),
            FieldPanel("transcript"),
        ],
        heading=_("Contenuto"),
    ),
    MultiFieldPanel(
        [
            FieldRowPanel(
                [
                    FieldPanel("opens_at"),
                    FieldPanel("opens_relative_to"),
                    FieldPanel("opens_offset_days"),
                ]
            ),
            FieldRowPanel(
                [
                    FieldPanel("closes_at"),
                    FieldPanel("closes_relative_to"),
                    FieldPanel("closes_offset_days"),
                ]
            ),
            FieldRowPanel([FieldPanel("prerequisite"), FieldPanel("min_attendance_share")]),
        ],
        heading=_("Disponibilità (tutte le condizioni indicate devono valere)"),
    ),
]


class SectionViewSet(ModelViewSet):
    model = Section
    grammatical_gender = FEMININE
    name = "learning_sections"
    url_prefix = "formazione-online/sezioni"
    icon = "list-ol"
    menu_label = _("Sezioni e attività")
    delete_view_class = DeleteView
    list_display = ["title", "course", "sort_order"]
    list_filter = ["course__programme", "course"]
    search_fields = ["title", "course__title", "course__code"]
    ordering = ["course", "sort_order"]
    copy_view_enabled = False
    edit_handler = ObjectList(
        [
            FieldPanel("course"),
            FieldRowPanel([FieldPanel("title"), FieldPanel("sort_order")]),
            FieldPanel("summary"),
            InlinePanel(
                "activities", label=_("Attività"), heading=_("Attività"), panels=ACTIVITY_PANELS
            ),
        ]
    )


class LessonViewSet(ModelViewSet):
    model = Lesson
    grammatical_gender = FEMININE
    name = "learning_lessons"
    url_prefix = "formazione-online/lezioni"
    icon = "doc-full"
    menu_label = _("Lezioni")
    delete_view_class = DeleteView
    list_display = ["title", "course", "updated_at"]
    list_filter = ["course__programme", "course"]
    search_fields = ["title"]
    copy_view_enabled = False
    edit_handler = ObjectList([FieldPanel("course"), FieldPanel("title"), FieldPanel("body")])


class LearningViewSetGroup(ViewSetGroup):
    menu_label = _("Formazione online")
    menu_icon = "desktop"
    menu_order = 245
    items = (SectionViewSet, LessonViewSet)
