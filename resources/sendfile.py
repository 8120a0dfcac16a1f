"""Handing protected files to the web server once a view has said who may have them.

``PROTECTED_FILES_SERVER`` picks how: ``django`` streams the file from Python;
``x-accel-redirect`` answers with an empty response whose ``X-Accel-Redirect``
header names the file under nginx's internal location
(``PROTECTED_FILES_NGINX_PREFIX``, aliasing MEDIA_ROOT); ``x-sendfile`` does the
same for Apache's mod_xsendfile. This module is also Wagtail's
``SENDFILE_BACKEND``, so every document URL goes the same way.
"""

from pathlib import Path
from urllib.parse import quote

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.http import FileResponse, Http404, HttpResponse
from wagtail.utils import sendfile_streaming_backend
from wagtail.utils.sendfile import sendfile as wagtail_sendfile

SERVERS = ("django", "x-accel-redirect", "x-sendfile")


def sendfile(request, filename, **kwargs):
    """The SENDFILE_BACKEND interface: a response that lets the web server send ``filename``."""
    server = settings.PROTECTED_FILES_SERVER
    if server == "django":
        return sendfile_streaming_backend.sendfile(request, filename, **kwargs)
    path = Path(filename).resolve()
    response = HttpResponse()
    if server == "x-accel-redirect":
        try:
            relative = path.relative_to(Path(settings.MEDIA_ROOT).resolve())
        except ValueError as error:
            raise Http404("Not a media file") from error
        prefix = settings.PROTECTED_FILES_NGINX_PREFIX.rstrip("/")
        response["X-Accel-Redirect"] = f"{prefix}/{quote(relative.as_posix())}"
    elif server == "x-sendfile":
        response["X-Sendfile"] = str(path)
    else:
        raise ImproperlyConfigured(
            f"PROTECTED_FILES_SERVER must be one of {', '.join(SERVERS)}, not {server!r}"
        )
    return response


def serve_protected_file(request, field_file, *, content_type):
    """Send a stored file (already permission-checked) the configured way."""
    try:
        path = field_file.path
    except NotImplementedError:
        # Remote storage without local paths: stream it through Django.
        return FileResponse(field_file.open("rb"), content_type=content_type)
    response = wagtail_sendfile(
        request, path, mimetype=content_type, attachment=False, backend=sendfile
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response
