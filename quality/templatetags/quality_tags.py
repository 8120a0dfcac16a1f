from django import template
from django.utils.formats import number_format

register = template.Library()


@register.filter
def get_item(mapping, key):
    """``mapping[key]`` in a template, None when absent."""
    if not mapping:
        return None
    return mapping.get(key)


@register.filter
def score(value):
    """A score with one decimal in the active language's format, or a dash."""
    if value is None or value == "":
        return "—"
    return number_format(value, 1)
