"""The forums in the Wagtail admin: training managers create community forums,
edit any forum's description and moderators, and read the moderation log."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.permission_policies.base import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from website.core.deletion import DeleteView
from website.core.viewsets import FEMININE, MASCULINE, ModelViewSet

from .models import Forum, ModerationAction


class ReadOnlyPermissionPolicy(ModelPermissionPolicy):
    """The moderation log is a record: nobody edits or deletes it, superusers included."""

    def user_has_permission(self, user, action):
        return action == "view" and super().user_has_permission(user, action)

    def user_has_permission_for_instance(self, user, action, instance):
        return self.user_has_permission(user, action)

    def users_with_any_permission(self, actions):
        return super().users_with_any_permission([a for a in actions if a == "view"])


register_permission_policy(ModerationAction, ReadOnlyPermissionPolicy(ModerationAction))


class ForumViewSet(ModelViewSet):
    model = Forum
    grammatical_gender = MASCULINE
    icon = "comment"
    menu_label = _("Forum")
    url_prefix = "forum/forum"
    delete_view_class = DeleteView
    form_fields = [
        "title",
        "slug",
        "description",
        "is_announcements",
        "premoderate_newcomers",
        "moderators",
        "position",
    ]
    list_display = ["title", "kind", "topic_count", "post_count", "position"]
    list_filter = ["kind", "is_announcements"]
    search_fields = ["title", "slug", "description"]
    copy_view_enabled = False


class ModerationLogViewSet(ModelViewSet):
    model = ModerationAction
    grammatical_gender = FEMININE
    icon = "list-ul"
    menu_label = _("Registro di moderazione")
    url_prefix = "forum/registro"
    form_fields = ["detail"]
    list_display = ["created_at", "action", "actor", "forum", "topic", "detail"]
    list_filter = ["action", "forum"]
    search_fields = ["detail", "topic__title"]
    inspect_view_enabled = True
    copy_view_enabled = False

    def get_queryset(self, request):
        return ModerationAction.objects.select_related("actor", "forum", "topic")


class ForumAdminGroup(ViewSetGroup):
    menu_label = _("Forum")
    menu_icon = "comment"
    menu_order = 320
    items = (ForumViewSet, ModerationLogViewSet)
