import json

from django import template
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from ..forms import FeedbackForm

register = template.Library()

# What json_script escapes, so that data cannot close the <script> element.
_JSON_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


@register.filter
def page_type_label(page):
    """The kind of page in the reader's language ("Notizia", "Atto normativo", …), no query."""
    return page.specific_class._meta.verbose_name if page.specific_class else ""


@register.simple_tag
def json_ld(data):
    """schema.org structured data as a JSON-LD script element."""
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).translate(_JSON_ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(text))


@register.filter
def file_extension(document):
    return (document.file_extension or "").upper()


@register.inclusion_tag("cms/includes/feedback.html", takes_context=True)
def page_feedback(context, page):
    """ "Questa pagina ti è stata utile?": the same form for every reader of ``page``.

    Nothing in it depends on who reads (the page cache keeps one copy for every anonymous
    reader): no earlier answer, no session. A form sent back with errors is the view's
    ``feedback_form``; the page the reader returns to after answering says thank you.
    """
    request = context.get("request")
    thanked = request is not None and request.GET.get(FeedbackForm.THANKS) == "1"
    return {
        "page": page,
        "anchor": FeedbackForm.ANCHOR,
        "thanked": thanked,
        "feedback_form": context.get("feedback_form") or FeedbackForm(),
    }
