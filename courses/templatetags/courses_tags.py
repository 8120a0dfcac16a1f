from decimal import Decimal

from django import template
from django.utils.formats import number_format

register = template.Library()


def format_hours(value) -> str:
    """5 → "5", 4.5 → "4,5" (in the active language): hours never show a needless ",0"."""
    if value is None:
        return ""
    value = Decimal(value)
    if value == value.to_integral_value():
        return number_format(int(value))
    return number_format(value, decimal_pos=1)


register.filter("hours", format_hours)


STATUS_BADGES = {
    "requested": "bg-warning text-dark",
    "approved": "bg-success",
    "waitlisted": "bg-primary",
    "refused": "bg-danger",
    "withdrawn": "bg-secondary",
    "draft": "bg-secondary",
    "scheduled": "bg-primary",
    "closed": "bg-dark",
    "cancelled": "bg-danger",
}


@register.filter
def status_badge(status) -> str:
    """The Bootstrap Italia badge classes of an enrolment or edition status."""
    return STATUS_BADGES.get(str(status), "bg-secondary")
