"""Certificate templates keep their logo and signature as private files, not Wagtail images.

A Wagtail image is public at /media/original_images/… and offered in every
editor's image chooser; a signatory's signature must be neither. Each image
a template used is copied into the template's own private file; the image
itself is then deleted, with its renditions and their files, unless
something else still uses it (another relation, or the reference index: a
page, a snippet, rich text).

Going back leaves the templates without images: the copies are not turned
into public images again.

The old links are removed by the next migration, in its own transaction:
on PostgreSQL a table cannot be altered while the deletions made here still
have foreign-key checks pending.
"""

from django.core.files.base import ContentFile
from django.db import migrations, models

import certificates.models
import certificates.validators

ASSET_FIELDS = ("logo", "signature")
# What does not count as a use of an image: the templates themselves, its own renditions.
IGNORED_USERS = ("certificates.certificatetemplate", "wagtailimages.rendition")


def _copy_into(template, field, image):
    with image.file.open("rb") as source:
        content = ContentFile(source.read())
    name = image.file.name.rsplit("/", 1)[-1]
    getattr(template, f"{field}_file").save(name, content, save=False)


def _content_type(apps, app_label, model):
    ContentType = apps.get_model("contenttypes", "ContentType")
    return ContentType.objects.filter(app_label=app_label, model=model).first()


def _used_elsewhere(apps, image) -> bool:
    """True when anything but a certificate template (or the image's own renditions) uses it."""
    # Hidden relations too: most foreign keys to images are declared with related_name="+".
    for relation in image._meta.get_fields(include_hidden=True):
        if not relation.is_relation or relation.concrete or not relation.auto_created:
            continue
        related = relation.related_model
        if related._meta.label_lower in IGNORED_USERS:
            continue
        if related._base_manager.filter(**{relation.field.name: image.pk}).exists():
            return True
    image_type = _content_type(apps, "wagtailimages", "image")
    if image_type is None:
        return False
    ReferenceIndex = apps.get_model("wagtailcore", "ReferenceIndex")
    references = ReferenceIndex.objects.filter(
        to_content_type=image_type, to_object_id=str(image.pk)
    )
    template_type = _content_type(apps, "certificates", "certificatetemplate")
    if template_type is not None:
        references = references.exclude(content_type=template_type)
    return references.exists()


def _delete_image(apps, image) -> None:
    Rendition = apps.get_model("wagtailimages", "Rendition")
    for rendition in Rendition.objects.filter(image=image):
        rendition.file.delete(save=False)
    image_type = _content_type(apps, "wagtailimages", "image")
    if image_type is not None:
        apps.get_model("taggit", "TaggedItem").objects.filter(
            content_type=image_type, object_id=image.pk
        ).delete()
        apps.get_model("wagtailcore", "ReferenceIndex").objects.filter(
            to_content_type=image_type, to_object_id=str(image.pk)
        ).delete()
    image.file.delete(save=False)
    image.delete()


def copy_images_into_private_files(apps, schema_editor):
    CertificateTemplate = apps.get_model("certificates", "CertificateTemplate")
    Image = apps.get_model("wagtailimages", "Image")
    used = set()
    for template in CertificateTemplate.objects.all():
        for field in ASSET_FIELDS:
            image = getattr(template, field)
            if image is None:
                continue
            try:
                _copy_into(template, field, image)
            except FileNotFoundError:
                continue  # the image's file was already gone: nothing to print
            used.add(image.pk)
        template.save(update_fields=[f"{field}_file" for field in ASSET_FIELDS])
    # Only once every template holds its copies: two templates may share an image.
    CertificateTemplate.objects.update(logo=None, signature=None)
    for image in Image.objects.filter(pk__in=used):
        if not _used_elsewhere(apps, image):
            _delete_image(apps, image)


class Migration(migrations.Migration):
    dependencies = [
        ("certificates", "0002_training_managers_issue_certificates"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("taggit", "0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailimages", "0027_image_description"),
    ]

    operations = [
        migrations.AddField(
            model_name="certificatetemplate",
            name="logo_file",
            field=models.FileField(
                blank=True,
                help_text="PNG o JPEG, al massimo 2 MB.",
                upload_to=certificates.models.template_asset_path,
                validators=[certificates.validators.validate_template_image],
                verbose_name="logo",
            ),
        ),
        migrations.AddField(
            model_name="certificatetemplate",
            name="signature_file",
            field=models.FileField(
                blank=True,
                help_text="PNG o JPEG, al massimo 2 MB.",
                upload_to=certificates.models.template_asset_path,
                validators=[certificates.validators.validate_template_image],
                verbose_name="immagine della firma",
            ),
        ),
        migrations.RunPython(copy_images_into_private_files, migrations.RunPython.noop),
    ]
