"""/media/ serves the public images and nothing else from MEDIA_ROOT, however the path is written.

Each address is tried three ways: through Django's test client, and as a
raw request target handed to the WSGI and the ASGI applications the way a
server decodes it (percent-decoding once, no dot-segment clean-up), so no
client-side normalisation hides a way out.
"""

import asyncio
import io
from contextlib import contextmanager
from urllib.parse import unquote

import pytest
from asgiref.sync import async_to_sync
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from PIL import Image as PillowImage

from website.core.media import public_media_file

pytestmark = pytest.mark.django_db

SECRET = b"%PDF-1.7 secret"


def _png_bytes():
    buffer = io.BytesIO()
    PillowImage.new("RGB", (4, 4), "navy").save(buffer, format="PNG")
    return buffer.getvalue()


@pytest.fixture
def media(settings, tmp_path):
    root = tmp_path / "media"
    settings.MEDIA_ROOT = root
    for folder in ("images", "original_images", "documents", "forum_attachments"):
        (root / folder).mkdir(parents=True)
    (root / "images" / "foto.max-800x600.png").write_bytes(_png_bytes())
    (root / "original_images" / "foto.png").write_bytes(_png_bytes())
    (root / "images" / "cartella").mkdir()
    (root / "documents" / "riservato.pdf").write_bytes(SECRET)
    (root / "certificates" / "2026").mkdir(parents=True)
    (root / "certificates" / "2026" / "ABCD.pdf").write_bytes(SECRET)
    (root / "forum_attachments" / "allegato.txt").write_bytes(SECRET)
    (root / "private" / "certificates" / "assets").mkdir(parents=True)
    (root / "private" / "certificates" / "assets" / "firma.png").write_bytes(SECRET)
    outside = tmp_path / "fuori.txt"
    outside.write_bytes(SECRET)
    (root / "images" / "collegamento.png").symlink_to(root / "documents" / "riservato.pdf")
    (root / "original_images" / "fuori.png").symlink_to(outside)
    (root / "images" / "tutto").symlink_to(root)
    return root


@contextmanager
def _keeping_the_test_connection():
    # As Django's test client does: the test's transaction must outlive the request.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def _wsgi_status(raw_target):
    """What a WSGI server does with the request line: percent-decode once, nothing more."""
    path, _, query = raw_target.partition("?")
    environ = {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": unquote(path, "iso-8859-1"),
        "QUERY_STRING": query,
        "SCRIPT_NAME": "",
        "SERVER_NAME": "testserver",
        "SERVER_PORT": "80",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(),
        "wsgi.errors": io.StringIO(),
    }
    statuses = []
    with _keeping_the_test_connection():
        body = WSGIHandler()(environ, lambda status, headers: statuses.append(status))
        content = b"".join(body)
        body.close()
    return int(statuses[0].split()[0]), content


def _asgi_status(raw_target):
    """What an ASGI server (uvicorn) puts in the scope: ``path`` decoded once, ``raw_path`` as sent."""
    from website.asgi import application

    path, _, query = raw_target.partition("?")
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "GET",
        "scheme": "http",
        "path": unquote(path),
        "raw_path": path.encode("latin-1"),
        "query_string": query.encode(),
        "root_path": "",
        "headers": [(b"host", b"testserver")],
        "client": ("127.0.0.1", 50000),
        "server": ("testserver", 80),
    }
    messages = []
    requests = [{"type": "http.request", "body": b"", "more_body": False}]
    finished = asyncio.Event()

    async def receive():
        if requests:
            return requests.pop()
        await finished.wait()
        return {"type": "http.disconnect"}

    async def send(message):
        messages.append(message)
        if message["type"] == "http.response.body" and not message.get("more_body"):
            finished.set()

    with _keeping_the_test_connection():
        async_to_sync(application)(scope, receive, send)
    start = next(m for m in messages if m["type"] == "http.response.start")
    body = b"".join(m.get("body", b"") for m in messages if m["type"] == "http.response.body")
    return start["status"], body


ESCAPES = [
    "/media/documents/riservato.pdf",
    "/media/images/../documents/riservato.pdf",
    "/media/images/..%2fdocuments%2friservato.pdf",
    "/media/images/..%2Fcertificates/2026/ABCD.pdf",
    "/media/original_images/..%2f..%2fmedia/forum_attachments/allegato.txt",
    "/media/images/%2e%2e%2fdocuments/riservato.pdf",
    "/media/images/%2E%2E/documents/riservato.pdf",
    "/media/images/.%2e/certificates/2026/ABCD.pdf",
    "/media/images/%252e%252e%252fdocuments/riservato.pdf",
    "/media/images/..%252fdocuments/riservato.pdf",
    "/media/images/..\\documents\\riservato.pdf",
    "/media/images/..%5cdocuments%5criservato.pdf",
    "/media/images/%5c..%5c..%5cdocuments/riservato.pdf",
    "/media//etc/passwd",
    "/media/%2fetc%2fpasswd",
    "/media/images/%2fetc%2fpasswd",
    "/media/images//etc/passwd",
    "/media/images/foto.max-800x600.png%00.pdf",
    "/media/images/%00../documents/riservato.pdf",
    "/media/images/./../documents/riservato.pdf",
    "/media/images/",
    "/media/images",
    "/media/images/cartella",
    "/media/images/collegamento.png",
    "/media/original_images/fuori.png",
    "/media/images/tutto/documents/riservato.pdf",
    "/media/private/certificates/assets/firma.png",
    "/media/images/..%2fprivate/certificates/assets/firma.png",
]


@pytest.mark.parametrize("target", ESCAPES)
def test_nothing_outside_the_public_image_folders_is_served(client, media, target):
    response = client.get(target)
    assert response.status_code == 404
    assert SECRET not in b"".join(getattr(response, "streaming_content", [response.content]))
    status, body = _wsgi_status(target)
    assert status == 404 and SECRET not in body


@pytest.mark.parametrize(
    "target", ["/media/images/foto.max-800x600.png", "/media/original_images/foto.png"]
)
def test_public_images_are_served_with_their_type_and_caching(client, media, target):
    response = client.get(target)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == _png_bytes()
    assert response["Content-Type"] == "image/png"
    assert response["Cache-Control"] == "public, max-age=86400"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "Last-Modified" in response
    again = client.get(target, HTTP_IF_MODIFIED_SINCE=response["Last-Modified"])
    assert again.status_code == 304
    assert _wsgi_status(target) == (200, _png_bytes())


def test_the_asgi_application_serves_the_same(transactional_db, media):
    # The ASGI handler runs the view in another thread, on a connection of its own: this
    # test commits instead of holding the database in a transaction.
    for target in ESCAPES:
        status, body = _asgi_status(target)
        assert status == 404 and SECRET not in body, target
    assert _asgi_status("/media/original_images/foto.png") == (200, _png_bytes())


def test_only_reading_methods_are_answered(client, media):
    assert client.head("/media/original_images/foto.png").status_code == 200
    assert client.post("/media/original_images/foto.png").status_code == 405


@pytest.mark.parametrize(
    "relative",
    [
        "images/foto.max-800x600.png",
        "original_images/foto.png",
    ],
)
def test_the_resolver_accepts_plain_paths_inside_the_public_folders(media, relative):
    assert public_media_file(relative) == (media / relative).resolve()


@pytest.mark.parametrize(
    "relative",
    [
        "images",
        "images/",
        "../media/images/foto.max-800x600.png",
        "/etc/passwd",
        "images/../original_images/foto.png",
        "images\\foto.max-800x600.png",
        "images/foto.max-800x600.png\x00",
    ],
)
def test_the_resolver_refuses_anything_not_plainly_written(media, relative):
    assert public_media_file(relative) is None
