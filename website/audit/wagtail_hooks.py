from wagtail import hooks

from .viewsets import AuditEntryViewSet


@hooks.register("register_admin_viewset")
def register_audit_viewset():
    return AuditEntryViewSet()
