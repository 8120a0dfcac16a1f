from datetime import date

from django import template

from ..codes import grouped

register = template.Library()


@register.filter
def isodate(value):
    """A date stored as ISO text in a certificate's snapshot, as a date for the |date filter."""
    if not value:
        return None
    return date.fromisoformat(value)


@register.filter
def code_groups(value):
    return grouped(value or "")
