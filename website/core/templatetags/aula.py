from django import template
from django.utils.html import format_html
from django.utils.http import urlencode

from .. import dates
from ..forms import widget_css_class
from ..printing import page_margins_css

register = template.Library()


@register.simple_tag
def widget(bound_field):
    """Render a field's widget with Bootstrap Italia classes and ARIA links.

    The input points at its help text and error messages (aria-describedby)
    and says when it is invalid, so screen readers announce them.
    """
    attrs = {}
    existing = bound_field.field.widget.attrs.get("class", "")
    attrs["class"] = f"{widget_css_class(bound_field.field.widget)} {existing}".strip()
    described_by = []
    if bound_field.help_text:
        described_by.append(f"{bound_field.auto_id}_helptext")
    if bound_field.errors:
        attrs["class"] += " is-invalid"
        attrs["aria-invalid"] = "true"
        described_by.append(f"{bound_field.auto_id}_errors")
    if described_by:
        attrs["aria-describedby"] = " ".join(described_by)
    return bound_field.as_widget(attrs=attrs)


@register.simple_tag(takes_context=True)
def query_replace(context, **changes):
    """The current query string with some parameters replaced (None drops one)."""
    # A plain dict of the lists: a pager asks for ten links, and QueryDict.copy() deep-copies.
    params = dict(context["request"].GET.lists())
    for key, value in changes.items():
        if value is None or value == "":
            params.pop(key, None)
        else:
            params[key] = [value]
    return "?" + urlencode(sorted(params.items()), doseq=True) if params else "?"


@register.filter
def widget_type(bound_field):
    return bound_field.field.widget.__class__.__name__.lower()


# --- Dates and booleans in running text (website/core/dates.py) -----------------------


@register.simple_tag
def date_range(start, end):
    """{% date_range edition.starts_on edition.ends_on %} → «dall'8 al 12 ottobre 2027»."""
    return dates.date_range(start, end)


@register.filter
def day_phrase(value, preposition="il"):
    """{{ date|day_phrase:"al" }} → «all'8 ottobre 2027» (English: «8 October 2027»)."""
    return dates.day_phrase(value, preposition)


@register.filter
def long_day(value):
    """{{ day.date|long_day }} → «lunedì 8 ottobre 2027» / «Monday 8 October 2027»."""
    return dates.long_day(value)


@register.filter
def yes_no(value):
    """Sì / No (Yes / No) for a boolean."""
    return dates.yes_no(value)


@register.simple_tag
def print_margins(heading):
    """``<style media="print">`` with the sheet's running header and page numbers."""
    return format_html('<style media="print">{}</style>', page_margins_css(heading))
