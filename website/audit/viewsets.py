"""The audit log in the admin: a list with filters and each entry's details, nothing to change."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import Column, DateColumn

from website.core.viewsets import FEMININE, ModelViewSet

from .models import AuditEntry


class AuditEntryViewSet(ModelViewSet):
    model = AuditEntry
    grammatical_gender = FEMININE
    name = "audit"
    url_prefix = "registro-accessi"
    icon = "list-ul"
    menu_label = _("Registro degli accessi")
    add_to_admin_menu = True
    menu_order = 905
    inspect_view_enabled = True
    # Wagtail indexes the references of a viewset's model for its "usage" pages; nothing
    # asks where an audit entry points, and indexing one costs five more queries on every
    # export and download that writes one.
    add_to_reference_index = False
    list_filter = {"action": ["exact"], "at": ["date__gte", "date__lte"]}
    list_display = [
        DateColumn("at", label=_("quando"), sort_key="at"),
        Column("actor", label=_("chi")),
        Column("get_action_display", label=_("azione")),
        Column("target", label=_("oggetto")),
    ]
    inspect_view_fields = ["at", "actor", "action", "target", "detail"]
    copy_view_enabled = False
    exclude_form_fields = ["at"]
    ordering = ["-at", "-pk"]
    # The log is not content whose uses an editor looks up: indexing each entry's actor cost
    # every audited export five more queries (a read of the entry and a savepoint'd write).
    add_to_reference_index = False
