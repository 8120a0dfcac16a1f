"""Protected files: the one way a view hands over a file it has checked someone may have.

``PROTECTED_FILES_SERVER`` picks how the bytes leave: ``django`` streams the file from
Python; ``x-accel-redirect`` answers with an empty response whose ``X-Accel-Redirect``
header names the file under nginx's internal location (``PROTECTED_FILES_NGINX_PREFIX``,
aliasing MEDIA_ROOT); ``x-sendfile`` does the same for Apache's mod_xsendfile. This
module is also Wagtail's ``SENDFILE_BACKEND``, so every document URL goes the same way.

Every response is private to the person (``Cache-Control: private``), never sniffed
(``nosniff``), names the file with a clean ``Content-Disposition`` and, for content
people uploaded, runs nothing if opened (``Content-Security-Policy: sandbox``).
"""

import posixpath
from pathlib import Path
from typing import TypeVar
from urllib.parse import quote

from django.conf import settings
from django.core import checks
from django.core.exceptions import ImproperlyConfigured, SuspiciousFileOperation
from django.core.files.storage import default_storage
from django.db.models.fields.files import FieldFile
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.utils.http import content_disposition_header
from wagtail.utils import sendfile_streaming_backend

from .text import strip_bidi_controls

SERVERS = ("django", "x-accel-redirect", "x-sendfile")
SANDBOX = "default-src 'none'; sandbox"

_Response = TypeVar("_Response", bound=HttpResponseBase)


def sendfile(request: HttpRequest, filename: str, **kwargs) -> HttpResponse:
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


def check_protected_files_server(app_configs, **kwargs) -> list[checks.CheckMessage]:
    if settings.PROTECTED_FILES_SERVER in SERVERS:
        return []
    return [
        checks.Error(
            f"PROTECTED_FILES_SERVER is {settings.PROTECTED_FILES_SERVER!r}",
            hint=f"Use one of: {', '.join(SERVERS)}.",
            id="core.E001",
        )
    ]


def download_name(name: str) -> str:
    """A name safe to offer for saving: no folders, controls or bidi reordering."""
    name = posixpath.basename(name.replace("\\", "/"))
    name = "".join(c for c in strip_bidi_controls(name) if c.isprintable())
    return name.strip().lstrip(".") or "file"


def _local_path(field_file: FieldFile) -> str | None:
    try:
        return field_file.path
    except NotImplementedError:  # remote storage without local paths
        return None


def _file_response(request: HttpRequest, field_file: FieldFile) -> HttpResponseBase:
    path = _local_path(field_file)
    if path is not None and settings.PROTECTED_FILES_SERVER != "django":
        return sendfile(request, path)
    try:
        handle = field_file.open("rb")
    except FileNotFoundError as error:
        raise Http404 from error
    return FileResponse(handle)


def protect(
    response: _Response,
    *,
    content_type: str,
    filename: str,
    as_attachment: bool,
    max_age: int | None,
    sandbox: bool,
    immutable: bool = False,
) -> _Response:
    """The headers every protected file carries (``immutable``: the address names a version)."""
    response["Content-Type"] = content_type
    disposition = content_disposition_header(as_attachment, download_name(filename))
    if disposition is not None:  # Django's answer for an inline file without a name
        response["Content-Disposition"] = disposition
    response["Cache-Control"] = (
        "private, no-store"
        if max_age is None
        else f"private, max-age={max_age}" + (", immutable" if immutable else "")
    )
    response["X-Content-Type-Options"] = "nosniff"
    if sandbox:
        response["Content-Security-Policy"] = SANDBOX
    return response


def protected_file_response(
    request: HttpRequest,
    field_file: FieldFile,
    *,
    content_type: str,
    filename: str | None = None,
    as_attachment: bool = False,
    max_age: int | None = None,
    sandbox: bool = True,
) -> HttpResponseBase:
    """Send a stored file (already permission-checked) the configured way.

    ``max_age`` None means ``no-store``; ``sandbox`` False only for files the
    platform made itself and browsers must render (a PDF in their viewer).
    """
    return protect(
        _file_response(request, field_file),
        content_type=content_type,
        filename=filename or field_file.name or "",
        as_attachment=as_attachment,
        max_age=max_age,
        sandbox=sandbox,
    )


def protected_content_response(
    content: bytes,
    *,
    content_type: str,
    filename: str,
    as_attachment: bool = True,
    max_age: int | None = None,
    sandbox: bool = True,
) -> HttpResponse:
    """The same headers for bytes made for this request (a ZIP, a signed credential)."""
    return protect(
        HttpResponse(content),
        content_type=content_type,
        filename=filename,
        as_attachment=as_attachment,
        max_age=max_age,
        sandbox=sandbox,
    )


def protected_stored_response(
    request: HttpRequest,
    name: str,
    *,
    content_type: str,
    max_age: int | None = None,
    immutable: bool = False,
    sandbox: bool = True,
) -> HttpResponseBase:
    """A file of the default storage by its name (already permission-checked), inline.

    For folders of files unpacked by the platform (e-learning packages) that have no
    FieldFile of their own; 404 when the file is not there.
    """
    try:
        path = default_storage.path(name)
    except NotImplementedError:
        path = None
    response: HttpResponseBase
    if path is not None and settings.PROTECTED_FILES_SERVER != "django":
        if not Path(path).is_file():
            raise Http404
        response = sendfile(request, path)
    else:
        try:
            response = FileResponse(default_storage.open(name, "rb"))
        except (FileNotFoundError, IsADirectoryError, SuspiciousFileOperation) as error:
            raise Http404 from error
    return protect(
        response,
        content_type=content_type,
        filename=posixpath.basename(name),
        as_attachment=False,
        max_age=max_age,
        sandbox=sandbox,
        immutable=immutable,
    )
