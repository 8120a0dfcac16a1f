from decimal import Decimal

from django import template
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

register = template.Library()

# One letter per status, as on paper registers; the full word is in the abbr's title.
STATUS_LETTERS = {
    "present": _("P"),
    "late": _("R"),
    "left_early": _("U"),
    "excused": _("G"),
    "absent": _("A"),
}


@register.filter
def percent(value) -> str:
    """66.67 → "66,7%" (in the active language); whole numbers without decimals."""
    if value is None:
        return ""
    value = Decimal(value).quantize(Decimal("0.1"))
    if value == value.to_integral_value():
        return f"{number_format(int(value))}%"
    return f"{number_format(value, decimal_pos=1)}%"


@register.filter
def status_letter(status) -> str:
    return str(STATUS_LETTERS.get(str(status), "?"))


@register.filter
def bar_width(share) -> str:
    """A share (0–100) as an SVG length, never past the end of the bar."""
    return str(min(max(Decimal(share or 0), Decimal("0")), Decimal("100")).quantize(Decimal("0.1")))
