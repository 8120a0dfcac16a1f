"""No private upload is ever stored under a folder that /media/ (or a web server) may serve."""

from datetime import UTC, datetime
from pathlib import PurePosixPath

import pytest
from django.apps import apps
from django.core.exceptions import SuspiciousFileOperation
from django.db import models

from website.core.media import PUBLIC_MEDIA_FOLDERS

# Every file field of the project and its libraries, with an instance good enough for its path.
PRIVATE_FIELDS = {
    ("certificates.CertificateTemplate", "logo"): {},
    ("certificates.CertificateTemplate", "signature"): {},
    ("certificates.CertificateTemplateVersion", "logo"): {"template_id": 1, "number": 1},
    ("certificates.CertificateTemplateVersion", "signature"): {"template_id": 1, "number": 1},
    ("certificates.Certificate", "pdf"): {
        "issued_at": datetime(2026, 1, 1, tzinfo=UTC),
        "code": "ABCDEFGHJKMNPQRS",
    },
    ("forums.Attachment", "file"): {},
    ("records.ExternalTraining", "evidence_file"): {"user_id": 1},
    ("records.Statement", "pdf"): {"year": 2026, "code": "ABCDEFGHJKMNPQRS"},
    ("quality.EvidenceFile", "file"): {},
    ("privacy.PersonalDataExport", "file"): {"person_id": 1},
    ("resources.ResourceFile", "preview"): {},
    ("wagtaildocs.Document", "file"): {},
    ("wagtailcore.UploadedFile", "file"): {},
    # Wagtail's admin avatars: not served by /media/ either (they never were).
    ("wagtailusers.UserProfile", "avatar"): {},
}
PUBLIC_FIELDS = {("wagtailimages.Image", "file"), ("wagtailimages.Rendition", "file")}


def _file_fields():
    for model in apps.get_models():
        for field in model._meta.get_fields():
            if isinstance(field, models.FileField):
                yield model, field


def test_every_file_field_is_known_to_be_public_or_private():
    found = {(model._meta.label, field.name) for model, field in _file_fields()}
    assert found == set(PRIVATE_FIELDS) | PUBLIC_FIELDS


@pytest.mark.parametrize("key", sorted(PRIVATE_FIELDS))
@pytest.mark.parametrize("filename", ["file.png", "../images/file.png", "original_images/x.png"])
@pytest.mark.django_db  # a document's default collection is read from the database
def test_private_files_are_stored_outside_the_public_folders(key, filename):
    label, name = key
    model = apps.get_model(label)
    field = model._meta.get_field(name)
    try:
        stored = field.generate_filename(model(**PRIVATE_FIELDS[key]), filename)
    except SuspiciousFileOperation:
        return  # refused outright: nothing stored anywhere
    top = PurePosixPath(stored).parts[0]
    assert top not in PUBLIC_MEDIA_FOLDERS, stored
    assert ".." not in PurePosixPath(stored).parts
