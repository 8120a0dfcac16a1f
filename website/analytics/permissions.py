from website.accounts.types import AnyUser


def can_view_visit_report(user: AnyUser) -> bool:
    """Editors, editors-in-chief and training managers read the visit counts."""
    return user.is_authenticated and user.has_perm("analytics.view_visit_report")
