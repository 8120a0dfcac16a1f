"""QR codes for self check-in, drawn as inline SVG (no image files, no requests)."""

import segno
from django.utils.safestring import mark_safe


def qr_svg(url: str) -> str:
    """The QR code of ``url``; hidden from screen readers, since the code is also shown as text."""
    svg = segno.make(url, error="m").svg_inline(scale=6, border=2, svgclass="checkin-qr")
    return mark_safe(svg.replace("<svg ", '<svg aria-hidden="true" focusable="false" ', 1))
