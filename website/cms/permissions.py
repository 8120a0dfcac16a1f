"""Who may do what in the web channel, one function per object kind and action."""

from website.accounts.types import AnyUser


def can_view_rating_report(user: AnyUser) -> bool:
    """Editors, editors-in-chief and training managers read readers' ratings and comments."""
    return user.is_authenticated and user.has_perm("cms.view_rating_report")
