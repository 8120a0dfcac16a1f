"""Checks on the images a certificate template prints: read by content, never trusted by name."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from PIL import Image as PillowImage

ASSET_FORMATS = frozenset({"PNG", "JPEG"})
ASSET_MAX_BYTES = 2 * 1024 * 1024
ASSET_MAX_SIDE = 4000


def _read_format(file) -> tuple[str | None, tuple[int, int]]:
    file.seek(0)
    try:
        with PillowImage.open(file) as picture:
            picture_format, size = picture.format, picture.size
            picture.verify()
    except (OSError, SyntaxError, ValueError, PillowImage.DecompressionBombError) as error:
        raise ValidationError(
            _("Il file non è un'immagine PNG o JPEG leggibile."), code="unreadable"
        ) from error
    finally:
        file.seek(0)
    return picture_format, size


def validate_template_image(file) -> None:
    """A PNG or JPEG of at most 2 MB and 4000 pixels a side, checked by its content."""
    if getattr(file, "_committed", False):
        return  # already stored, so checked when it was uploaded
    if file.size > ASSET_MAX_BYTES:
        raise ValidationError(_("L'immagine supera i 2 MB."), code="too_large")
    picture_format, (width, height) = _read_format(file)
    if picture_format not in ASSET_FORMATS:
        raise ValidationError(_("L'immagine deve essere in formato PNG o JPEG."), code="format")
    if max(width, height) > ASSET_MAX_SIDE:
        raise ValidationError(
            _("L'immagine supera i %(max)d pixel per lato."),
            code="too_wide",
            params={"max": ASSET_MAX_SIDE},
        )
