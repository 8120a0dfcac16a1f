"""Pages on paper: what every printed sheet says in its margins.

Chromium prints CSS page-margin boxes (``@page { @top-left { … } }``), so a
report or a register printed from the browser carries its name and period at
the top of every sheet and «Pagina 2 di 5» at the bottom, however its tables
break. The text comes from the page (the report's title and period), so the
rule is written into the page's head (``{% print_margins heading %}``, in a
``<style media="print">``: the content security policy allows inline styles,
never inline scripts); the rest of the print layout is static/css/print.css.
"""

import re

from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

_PLACEHOLDER = re.compile(r"%\((page|pages)\)s")


def css_string(text: object) -> str:
    """``text`` as a double-quoted CSS string that cannot close its rule or its <style>."""
    escaped = []
    for char in str(text):
        if char in '"\\<>&':
            escaped.append(f"\\{ord(char):x} ")
        elif char in "\n\r\f":
            escaped.append("\\a ")
        elif ord(char) < 0x20:
            continue
        else:
            escaped.append(char)
    return '"' + "".join(escaped) + '"'


def page_number_content() -> str:
    """«Pagina 2 di 5» as CSS ``content``: the translated sentence around the page counters."""
    sentence = _("Pagina %(page)s di %(pages)s")
    parts = []
    position = 0
    for match in _PLACEHOLDER.finditer(sentence):
        if match.start() > position:
            parts.append(css_string(sentence[position : match.start()]))
        parts.append(f"counter({match.group(1)})")
        position = match.end()
    if position < len(sentence):
        parts.append(css_string(sentence[position:]))
    return " ".join(parts)


def page_margins_css(heading: object) -> SafeString:
    """The ``@page`` rule: ``heading`` at the top left of every sheet, the page number below."""
    # css_string escapes every character that could end the rule or the <style>.
    return mark_safe(
        "@page {"
        f" @top-left {{ content: {css_string(heading)}; font: 8pt sans-serif; color: #333; }}"
        f" @bottom-right {{ content: {page_number_content()}; font: 8pt sans-serif;"
        " color: #333; }"
        " }"
    )
