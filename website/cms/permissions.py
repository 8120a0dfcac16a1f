"""Who may do what in the web channel, one function per object kind and action."""


def can_view_rating_report(user) -> bool:
    """Editors, editors-in-chief and training managers read readers' ratings and comments."""
    return user.is_authenticated and user.has_perm("cms.view_rating_report")
