from decimal import Decimal

from django import template

from attendance.templatetags.attendance_tags import percent
from courses.templatetags.courses_tags import format_hours

register = template.Library()


@register.filter
def share_text(value) -> str:
    """An average share (a float, or None when nothing was held yet) as "71,2%" or "—"."""
    if value is None:
        return "—"
    return percent(Decimal(str(value)))


@register.filter
def day_hours(row) -> str:
    """The hours of a day: one figure when every day has the same, otherwise the range."""
    low, high = row.min_day_hours, row.max_day_hours
    if low is None:
        return "—"
    if low == high:
        return format_hours(low)
    return f"{format_hours(low)}–{format_hours(high)}"
