"""Serving the public images of MEDIA_ROOT, and nothing else from it.

Only Wagtail's image folders are public. Every other upload (documents,
forum attachments, certificates and their assets) is served, if at all, by a
view that checks who is asking. The path in the URL is checked twice: it
must be plainly written (no ``..``, empty or ``.`` segments, backslashes or
NUL bytes), and the file it resolves to, symbolic links followed, must lie
inside one of the public folders.
"""

import mimetypes
from pathlib import Path

from django.conf import settings
from django.http import FileResponse, Http404, HttpRequest, HttpResponseNotModified
from django.utils.http import http_date
from django.views.decorators.http import require_safe
from django.views.static import was_modified_since

PUBLIC_MEDIA_FOLDERS = ("images", "original_images")
PUBLIC_MEDIA_MAX_AGE = 24 * 60 * 60
_REFUSED_SEGMENTS = frozenset({"", ".", ".."})


def _plainly_written(relative: str) -> bool:
    if "\x00" in relative or "\\" in relative:
        return False
    return not any(segment in _REFUSED_SEGMENTS for segment in relative.split("/"))


def public_media_file(relative: str) -> Path | None:
    """The file that ``relative`` names inside a public folder of MEDIA_ROOT, or None."""
    if not _plainly_written(relative):
        return None
    root = Path(settings.MEDIA_ROOT).resolve()
    try:
        candidate = (root / relative).resolve(strict=True)
    except (OSError, RuntimeError, ValueError):
        return None
    folders = [(root / folder).resolve() for folder in PUBLIC_MEDIA_FOLDERS]
    if not any(candidate.is_relative_to(folder) and candidate != folder for folder in folders):
        return None
    return candidate if candidate.is_file() else None


@require_safe
def public_media(request: HttpRequest, path: str):
    """A public image with its content type and caching headers; 404 for anything else."""
    file = public_media_file(path)
    if file is None:
        raise Http404
    stat = file.stat()
    if not was_modified_since(request.META.get("HTTP_IF_MODIFIED_SINCE"), stat.st_mtime):
        return HttpResponseNotModified()
    content_type = mimetypes.guess_type(file.name)[0] or "application/octet-stream"
    response = FileResponse(file.open("rb"), content_type=content_type)
    response["Last-Modified"] = http_date(stat.st_mtime)
    response["Cache-Control"] = f"public, max-age={PUBLIC_MEDIA_MAX_AGE}"
    response["X-Content-Type-Options"] = "nosniff"
    # An SVG opened on its own must not run scripts with the site's origin.
    response["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'; sandbox"
    return response
