"""The forums' template tags: an author's avatar (initials in a coloured circle).

Built from the author already on the post (``select_related``): no query per post.
"""

from django import template
from django.utils.html import format_html

from website.accounts.types import User

register = template.Library()

# Background colours for white initials: every one reaches at least 6:1 against white
# (AA asks 4.5:1), tests/forums/test_inpage.py checks it.
AVATAR_COLOURS = (
    "#0059b3",
    "#6f2da8",
    "#00695c",
    "#a63c00",
    "#b01e3c",
    "#455a6e",
    "#5d4a00",
    "#2e6b1f",
    "#8a1c7c",
    "#1d4f91",
    "#7a3b00",
    "#005f73",
)
NOBODY_COLOUR = "#5c6f82"


def initials(user: User | None) -> str:
    """ "GR" for Giovanna Russo; the first letter of the email when there is no name."""
    if user is None:
        return ""
    words = [word for word in (user.first_name, user.last_name) if word and word.strip()]
    if user.erased_at is not None or not words:
        words = str(user).split()[:2]
    return "".join(word.strip()[0] for word in words if word.strip()).upper()[:2]


def avatar_colour(user: User | None) -> str:
    """The same colour for the same person on every page (from the account's id)."""
    if user is None or user.pk is None:
        return NOBODY_COLOUR
    return AVATAR_COLOURS[user.pk % len(AVATAR_COLOURS)]


@register.simple_tag
def avatar(user: User | None) -> str:
    """A decorative circle (the name is written beside it, so screen readers skip it)."""
    return format_html(
        '<span class="forum-avatar forum-avatar--{}" aria-hidden="true">{}</span>',
        AVATAR_COLOURS.index(avatar_colour(user)) if user is not None and user.pk else "nobody",
        initials(user),
    )
