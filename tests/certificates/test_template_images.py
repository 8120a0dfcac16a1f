"""A template's logo and signature are private files: checked by content, never at a /media/ address.

They were Wagtail images, public at /media/original_images/… and offered in
every editor's image chooser.
"""

import io
import uuid

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse
from PIL import Image as PillowImage
from wagtail.images.models import Image
from wagtail.models import Page, ReferenceIndex

from certificates import services
from certificates.models import TEMPLATE_ASSETS_FOLDER, CertificateTemplate
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def picture(image_format="PNG", size=(240, 80), colour="navy"):
    buffer = io.BytesIO()
    PillowImage.new("RGB", size, colour).save(buffer, format=image_format)
    return buffer.getvalue()


def upload(name, data, content_type="image/png"):
    return SimpleUploadedFile(name, data, content_type=content_type)


def form_data(**files):
    return {
        "name": "Modello nuovo",
        "issuer_name": "Regione di prova",
        "signatory_name": "Maria Rossi",
        **files,
    }


@pytest.fixture
def manager(client, training_manager):
    client.login(email=training_manager.email, password=PASSWORD)
    return client


def test_uploaded_images_are_stored_privately_and_never_offered_as_wagtail_images(manager):
    response = manager.post(
        "/admin/attestati/modelli/new/",
        form_data(
            logo=upload("logo.png", picture()),
            signature=upload("firma.jpg", picture("JPEG"), "image/jpeg"),
        ),
    )
    assert response.status_code == 302
    template = CertificateTemplate.objects.get(name="Modello nuovo")
    for field in (template.logo, template.signature):
        assert field.name.startswith(f"{TEMPLATE_ASSETS_FOLDER}/")
        assert "logo" not in field.name and "firma" not in field.name  # not guessable
        assert manager.get(f"/media/{field.name}").status_code == 404
        assert manager.get(f"/media/images/..%2f{field.name}").status_code == 404
    assert not Image.objects.exists()  # nothing in the editors' image chooser
    # The PDF renderer still reads them.
    version = services.template_version_current(template=template)
    assert version.logo and version.signature


def test_the_form_previews_the_images_through_a_checked_view(
    manager, template, client, make_user, editor
):
    page = manager.get(f"/admin/attestati/modelli/edit/{template.pk}/").content.decode()
    url = reverse("certificate_templates:image", args=[template.pk, "signature"])
    assert f'src="{url}"' in page
    assert "/media/" not in page
    response = manager.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == template.signature.open("rb").read()
    assert "no-store" in response["Cache-Control"]
    assert manager.get(url.replace("signature", "name")).status_code == 404
    missing = reverse("certificate_templates:image", args=[template.pk + 1000, "logo"])
    assert manager.get(missing).status_code == 404
    # An editor reaches the admin but may not edit templates: the same 404 as a missing one.
    client.force_login(editor)
    assert client.get(url).status_code in (403, 404)
    assert client.get(missing).status_code == client.get(url).status_code
    client.logout()
    assert client.get(url).status_code == 302  # the admin's login


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        (
            "logo.png",
            b"not an image at all",
            "Il file non è un&#x27;immagine PNG o JPEG leggibile.",
        ),
        ("logo.png", picture("GIF"), "L&#x27;immagine deve essere in formato PNG o JPEG."),
        ("logo.png", b"\x89PNG\r\n\x1a\n" + bytes(range(64)), "immagine PNG o JPEG leggibile"),
        ("logo.png", picture(size=(4001, 10)), "L&#x27;immagine supera i 4000 pixel per lato."),
        ("logo.png", picture() + b"\xff" * (2 * 1024 * 1024), "L&#x27;immagine supera i 2 MB."),
    ],
    # Fixed ids: every xdist worker must collect the same names.
    ids=["not-an-image", "gif", "broken-png", "too-wide", "too-heavy"],
)
def test_anything_but_a_sound_png_or_jpeg_is_refused_and_nothing_is_saved(
    manager, settings, name, data, message
):
    response = manager.post("/admin/attestati/modelli/new/", form_data(logo=upload(name, data)))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not CertificateTemplate.objects.exists()
    assert not (settings.MEDIA_ROOT / TEMPLATE_ASSETS_FOLDER).exists() or not any(
        (settings.MEDIA_ROOT / TEMPLATE_ASSETS_FOLDER).iterdir()
    )


def test_a_replaced_image_makes_a_new_version_and_the_old_one_keeps_its_copy(template):
    first = services.template_version_current(template=template)
    template.signature = ContentFile(picture(colour="red"), name="firma-nuova.png")
    template.save()
    second = services.template_version_current(template=template)
    assert (first.number, second.number) == (1, 2)
    assert first.signature.open("rb").read() != second.signature.open("rb").read()


# --- The migration from Wagtail images -----------------------------------------------------------

BEFORE = [("certificates", "0002_training_managers_issue_certificates")]
AFTER = ("certificates", "0004_private_template_assets")


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def test_the_migration_copies_the_images_and_deletes_those_used_only_by_templates(
    transactional_db, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path / "media"
    old = _migrate(BEFORE)
    try:
        OldImage = old.get_model("wagtailimages", "Image")
        OldTemplate = old.get_model("certificates", "CertificateTemplate")

        def image(title, data):
            # Historical models lack Wagtail's upload_to method: the file goes where Wagtail puts it.
            name = default_storage.save(f"original_images/{title}.png", ContentFile(data))
            return OldImage.objects.create(title=title, width=240, height=80, file=name)

        signature = image("firma", picture(colour="black"))
        logo = image("logo", picture())
        shared = image("stemma", picture(colour="green"))
        OldTemplate.objects.create(
            name="A",
            issuer_name="Ente",
            signatory_name="Firmataria",
            logo=logo,
            signature=signature,
        )
        OldTemplate.objects.create(
            name="B", issuer_name="Ente", signatory_name="Altra", logo=shared
        )
        # The emblem also appears on a page of the web channel.
        ReferenceIndex.objects.create(
            content_type=ContentType.objects.get_for_model(Page),
            base_content_type=ContentType.objects.get_for_model(Page),
            object_id="1",
            to_content_type=ContentType.objects.get_for_model(Image),
            to_object_id=str(shared.pk),
            model_path="body.image",
            content_path="body.0.image",
            content_path_hash=uuid.uuid4(),
        )
        signature_path = settings.MEDIA_ROOT / signature.file.name
        assert signature_path.exists()
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())

    first, second = CertificateTemplate.objects.order_by("name")
    assert first.signature.open("rb").read() == picture(colour="black")
    assert first.logo.open("rb").read() == picture()
    assert second.logo.open("rb").read() == picture(colour="green")
    assert not second.signature
    for field in (first.logo, first.signature, second.logo):
        assert field.name.startswith(f"{TEMPLATE_ASSETS_FOLDER}/")
    # The signature and the logo were certificate assets only: gone, file included.
    assert list(Image.objects.values_list("title", flat=True)) == ["stemma"]
    assert not signature_path.exists()
