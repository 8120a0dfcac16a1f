"""Demo certificates: the finished plan's, issued through the issue service like any others.

The default template names the region's training office, with a logo and a
signature drawn here for the demo (no real emblem or signature). Every
edition of the finished plan has a closed register (see ``demo.attendance``);
each is issued in bulk, without emails, dated a few days after its register
was closed. Exactly the participants who reached their course's threshold get
one: 316, as the plan's report says. Running it again issues nothing.
"""

import io
import math
from datetime import timedelta

from django.core.files.base import ContentFile
from PIL import Image as PillowImage
from PIL import ImageDraw, ImageFont

from attendance.models import RegisterClosure
from certificates import services
from certificates.fonts import FACES, FONT_DIR, woff_to_sfnt
from certificates.models import Certificate, CertificateTemplate
from demo.courses import FINISHED_SLUG
from website.accounts.models import User
from website.core.models import SiteIdentity

MANAGER_EMAIL = "gestore@aula.example"
TEMPLATE_NAME = "Regione Siciliana – formazione del personale dei CPI"
ISSUED_AFTER_CLOSURE = timedelta(days=3)
BLUE, GOLD, RED = (0, 102, 204), (242, 183, 5), (196, 30, 58)


def _font(size, face="Titillium-Bold"):
    sfnt = woff_to_sfnt((FONT_DIR / FACES[face]).read_bytes())
    return ImageFont.truetype(io.BytesIO(sfnt), size)


def _png(name, picture):
    buffer = io.BytesIO()
    picture.save(buffer, format="PNG")
    return ContentFile(buffer.getvalue(), name=f"{name}.png")


def draw_logo():
    """A made-up emblem: a shield in the region's colours beside the office's name."""
    picture = PillowImage.new("RGBA", (720, 220), (255, 255, 255, 0))
    draw = ImageDraw.Draw(picture)
    draw.rounded_rectangle((10, 10, 190, 210), radius=36, fill=BLUE)
    draw.polygon([(100, 40), (165, 110), (100, 180), (35, 110)], fill=GOLD)
    draw.ellipse((78, 88, 122, 132), fill=RED)
    draw.text((220, 40), "Regione Siciliana", font=_font(58), fill=BLUE)
    draw.text(
        (222, 120), "Formazione del personale dei CPI", font=_font(34, "Titillium"), fill=BLUE
    )
    return picture


def draw_signature():
    """A made-up handwritten stroke."""
    picture = PillowImage.new("RGBA", (600, 160), (255, 255, 255, 0))
    draw = ImageDraw.Draw(picture)
    points = [
        (20 + step * 5.6, 90 - 38 * math.sin(step / 7) * math.exp(-step / 160) - step * 0.18)
        for step in range(100)
    ]
    draw.line(points, fill=(20, 30, 90, 255), width=5, joint="curve")
    draw.line([(60, 128), (540, 118)], fill=(20, 30, 90, 255), width=3)
    return picture


def ensure_template():
    template = CertificateTemplate.objects.filter(name=TEMPLATE_NAME).first()
    if template is not None:
        return template
    identity = SiteIdentity.load()
    return CertificateTemplate.objects.create(
        name=TEMPLATE_NAME,
        is_default=not CertificateTemplate.objects.filter(is_default=True).exists(),
        issuer_name=identity.owner_name,
        issuer_office=identity.office_name,
        issuer_place="Palermo",
        signatory_name="Rosalia Ferrante",
        signatory_role="La dirigente del Servizio formazione del personale",
        logo=_png("logo", draw_logo()),
        signature=_png("firma", draw_signature()),
    )


def seed(*, scale, log):
    """The finished plan's certificates; ``scale`` does not change them."""
    ensure_template()
    manager = User.objects.get(email=MANAGER_EMAIL)
    closures = RegisterClosure.objects.filter(
        edition__course__programme__slug=FINISHED_SLUG
    ).select_related("edition", "edition__course", "edition__course__programme")
    issued = 0
    for closure in closures.order_by("edition__starts_on", "edition__code"):
        count, _skipped = services.certificates_issue_edition(
            edition=closure.edition,
            by=manager,
            notify=False,
            issued_at=closure.closed_at + ISSUED_AFTER_CLOSURE,
        )
        issued += count
    if issued:
        total = Certificate.objects.filter(
            edition__course__programme__slug=FINISHED_SLUG, status=Certificate.Status.VALID
        ).count()
        log(
            f"Certificates: {issued} issued for {closures.count()} closed registers, {total} in all"
        )
