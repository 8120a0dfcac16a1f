"""Attachments: checked by content, size and number, served only to people who may read the post."""

import io
import zipfile
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from forums import services
from forums.models import Attachment, Post

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def png_bytes():
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "#0066cc").save(buffer, "PNG")
    return buffer.getvalue()


def docx_bytes():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<document/>")
    return buffer.getvalue()


def upload(name, content, content_type="application/octet-stream"):
    return SimpleUploadedFile(name, content, content_type=content_type)


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def reply_with(client, topic, *files, source="In allegato il modello."):
    return client.post(
        f"/forum/discussioni/{topic.pk}/rispondi/",
        {"source": source, "attachments": list(files)},
    )


def test_images_and_documents_are_attached_and_served_to_readers(
    client, operator, coach, north_topic
):
    client.force_login(operator)
    response = reply_with(
        client,
        north_topic,
        upload("mappa dei centri.png", png_bytes(), "image/png"),
        upload("registro-accessi.pdf", PDF, "application/pdf"),
        upload("modello.docx", docx_bytes()),
    )
    assert response.status_code == 302
    image, pdf, docx = (
        Attachment.objects.get(name=name)
        for name in ("mappa dei centri.png", "registro-accessi.pdf", "modello.docx")
    )
    assert image.name == "mappa dei centri.png" and image.content_type == "image/png"
    assert not image.file.name.endswith("mappa dei centri.png")  # stored under a random name
    assert docx.content_type.endswith("wordprocessingml.document")
    client.force_login(coach)
    page = client.get(north_topic.get_absolute_url()).content.decode()
    assert f'src="{image.get_absolute_url()}"' in page
    response = client.get(image.get_absolute_url())
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    assert response["Content-Disposition"].startswith("inline")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]
    assert b"".join(response.streaming_content) == png_bytes()
    response = client.get(pdf.get_absolute_url())
    assert response["Content-Disposition"].startswith("attachment")
    assert "/media/" not in page  # never a public media address


def test_attachments_are_refused_to_people_who_may_not_read_the_post(
    client, operator, outsider, coach, cluster_lead, north_topic
):
    post = services.post_create(
        topic=north_topic,
        author=operator,
        source="Allegato",
        uploads=[services.Upload(upload("dati.pdf", PDF), "dati.pdf", "application/pdf")],
    )
    attachment = post.attachments.get()
    client.force_login(outsider)
    assert client.get(attachment.get_absolute_url()).status_code == 404
    client.logout()
    assert client.get(attachment.get_absolute_url()).status_code == 302  # to the login
    services.post_set_hidden(post=post, actor=cluster_lead, hidden=True)
    client.force_login(coach)
    assert client.get(attachment.get_absolute_url()).status_code == 404
    client.force_login(operator)  # the author still sees a hidden post
    assert client.get(attachment.get_absolute_url()).status_code == 200
    # The name in the address must be the attachment's own.
    client.force_login(cluster_lead)
    assert client.get(f"/forum/allegati/{attachment.pk}/altro.pdf").status_code == 404


@pytest.mark.parametrize(
    ("file", "error"),
    [
        (
            upload("script.html", b"<script>alert(1)</script>", "text/html"),
            "«script.html» non è stato allegato: l&#x27;estensione «.html» non è ammessa",
        ),
        (
            upload("finto.pdf", b"MZ\x90\x00 not a pdf at all", "application/pdf"),
            "«finto.pdf» non è stato allegato: il contenuto del file non è di un tipo ammesso",
        ),
        (
            upload("immagine.pdf", png_bytes(), "application/pdf"),
            "il contenuto del file (PNG) non corrisponde all&#x27;estensione «.pdf»",
        ),
        (
            upload("vettoriale.svg", b'<svg onload="alert(1)"/>', "image/svg+xml"),
            "l&#x27;estensione «.svg» non è ammessa",
        ),
    ],
)
def test_files_of_the_wrong_kind_are_refused(client, operator, north_topic, file, error):
    client.force_login(operator)
    response = reply_with(client, north_topic, file)
    assert response.status_code == 200
    assert error in response.content.decode()
    assert Post.objects.filter(topic=north_topic).count() == 1
    assert not Attachment.objects.exists()


def test_too_large_and_too_many_files_are_refused(client, operator, north_topic, settings):
    settings.FORUMS_ATTACHMENT_MAX_BYTES = 100
    settings.FORUMS_ATTACHMENTS_PER_POST = 2
    client.force_login(operator)
    response = reply_with(client, north_topic, upload("grande.pdf", PDF + b" " * 200))
    assert "«grande.pdf» non è stato allegato: il file pesa" in response.content.decode()
    assert "oltre il limite di 100" in response.content.decode()
    response = reply_with(client, north_topic, *(upload(f"f{n}.pdf", PDF[:90]) for n in range(3)))
    assert "Puoi allegare al massimo 2 file." in response.content.decode()
    assert not Attachment.objects.exists()


def test_editing_adds_and_removes_attachments(
    client, operator, north_topic, django_capture_on_commit_callbacks
):
    client.force_login(operator)
    reply_with(client, north_topic, upload("vecchio.pdf", PDF))
    post = Post.objects.filter(topic=north_topic).last()
    old = post.attachments.get()
    stored = old.file.path
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/forum/messaggi/{post.pk}/modifica/",
            {
                "source": "Nuova versione del modello",
                "attachments": [upload("nuovo.pdf", PDF)],
                "remove_attachments": [old.pk],
            },
        )
    assert response.status_code == 302
    assert [a.name for a in post.attachments.all()] == ["nuovo.pdf"]
    assert not Path(stored).exists()  # the file goes once the change is committed
