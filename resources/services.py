"""Changes to resources: uploads, versions, reading files, counting downloads.

Each function is one transaction. Files arrive already checked (see
``uploads.sort_uploads``); reading their text and drawing previews happens in
a background task once the upload is committed.
"""

import logging
from collections.abc import Iterable, Sequence
from datetime import date

from django.core.files.base import ContentFile, File
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.documents import get_document_model
from wagtail.documents.models import AbstractDocument
from wagtail.models import Collection

from courses.models import Course
from website.accounts.types import User
from website.cms.models import ThematicArea

from .counters import DOWNLOADS
from .extraction import UnreadableFile, extract_text, render_pdf_preview
from .models import Resource, ResourceFile, ResourceVersion
from .uploads import AcceptedUpload, safe_file_name

logger = logging.getLogger(__name__)

COLLECTION_NAME = "Materiali didattici"


def resources_collection() -> Collection:
    """The Wagtail collection that holds the resources' documents (created when first needed)."""
    root = Collection.get_first_root_node()
    existing = root.get_children().filter(name=COLLECTION_NAME).first()
    return existing or root.add_child(name=COLLECTION_NAME)


def _create_document(
    *, upload: AcceptedUpload, title: str, user: User, collection: Collection
) -> AbstractDocument:
    Document = get_document_model()
    document = Document(title=title[:255], collection=collection, uploaded_by_user=user)
    document.file = File(upload.file, name=safe_file_name(upload.file.name or ""))
    document._set_document_file_metadata()
    document.save()
    return document


def _add_version(
    *,
    resource: Resource,
    user: User,
    uploads: Iterable[AcceptedUpload],
    change_note: str,
    keep_files: Iterable[ResourceFile] = (),
) -> tuple[ResourceVersion, list[ResourceFile]]:
    current = resource.current_version
    number = (current.number + 1) if current is not None else 1
    version = ResourceVersion.objects.create(
        resource=resource, number=number, change_note=change_note, created_by=user
    )
    collection = resources_collection()
    new_files: list[ResourceFile] = []
    position = 0
    for kept in keep_files:
        ResourceFile.objects.create(
            version=version,
            document=kept.document,
            sort_order=position,
            file_type=kept.file_type,
            processing=kept.processing,
            text=kept.text,
            page_count=kept.page_count,
            preview=kept.preview.name if kept.preview else "",
        )
        position += 1
    for upload in uploads:
        title = resource.title if resource.format == Resource.Format.FILE else upload.title
        document = _create_document(upload=upload, title=title, user=user, collection=collection)
        new_files.append(
            ResourceFile.objects.create(
                version=version,
                document=document,
                sort_order=position,
                file_type=upload.file_type.key,
            )
        )
        position += 1
    resource.current_version = version
    resource.save(update_fields=["current_version", "updated_at"])
    return version, new_files


def _process_files(files: Iterable[ResourceFile], *, in_background: bool) -> None:
    ids = [resource_file.pk for resource_file in files]
    if not in_background:
        for file_id in ids:
            resource_file_process(file_id=file_id)
        return

    def enqueue() -> None:
        from .tasks import process_resource_file

        for file_id in ids:
            process_resource_file.enqueue(file_id)

    transaction.on_commit(enqueue)


def resource_create_from_uploads(
    *,
    user: User,
    uploads: Sequence[AcceptedUpload],
    kind: str,
    audience: str,
    course: Course | None = None,
    description: str = "",
    language: str = Resource.Language.ITALIAN,
    licence: str = Resource.Licence.CC_BY,
    thematic_areas: Iterable[ThematicArea] = (),
    tags: Iterable[str] = (),
    folder_title: str = "",
    published_on: date | None = None,
    process_in_background: bool = True,
) -> list[Resource]:
    """One file resource per upload or, with ``folder_title``, one folder holding them all."""
    if not uploads:
        raise ValueError("resource_create_from_uploads needs at least one accepted file")
    details = {
        "kind": kind,
        "audience": audience,
        "course": course,
        "description": description,
        "language": language,
        "licence": licence,
        "published_on": published_on or timezone.localdate(),
        "created_by": user,
    }
    if folder_title:
        groups = [(folder_title, Resource.Format.FOLDER, list(uploads))]
    else:
        groups = [(upload.title, Resource.Format.FILE, [upload]) for upload in uploads]
    created, new_files = [], []
    with transaction.atomic():
        for title, resource_format, group in groups:
            resource = Resource(title=title, format=resource_format, **details)
            resource.full_clean(exclude=["slug"])
            resource.save()
            resource.thematic_areas.set(thematic_areas)
            if tags:
                resource.tags.set(list(tags))
            _version, files = _add_version(
                resource=resource, user=user, uploads=group, change_note=_("Prima pubblicazione")
            )
            created.append(resource)
            new_files.extend(files)
        _process_files(new_files, in_background=process_in_background)
    return created


def resource_version_add(
    *,
    user: User,
    resource: Resource,
    uploads: Sequence[AcceptedUpload],
    change_note: str,
    keep_files: Iterable[ResourceFile] = (),
    process_in_background: bool = True,
) -> ResourceVersion:
    """A new current version; the earlier ones stay for staff. Folders may carry files over."""
    if not resource.has_files:
        raise ValueError("Only file and folder resources have versions")
    keep_files = list(keep_files)
    if resource.format == Resource.Format.FILE and (len(uploads) != 1 or keep_files):
        raise ValueError("A file resource's version is exactly one new file")
    if not uploads and not keep_files:
        raise ValueError("A version needs at least one file")
    with transaction.atomic():
        # The row lock serialises two uploads of a new version of the same resource.
        resource = Resource.objects.select_for_update().get(pk=resource.pk)
        if resource.current_version_id:
            resource.current_version = ResourceVersion.objects.get(pk=resource.current_version_id)
        if any(kept.version_id != resource.current_version_id for kept in keep_files):
            raise ValueError("Only files of the current version can be carried over")
        version, new_files = _add_version(
            resource=resource,
            user=user,
            uploads=uploads,
            change_note=change_note,
            keep_files=keep_files,
        )
        if keep_files and not new_files:
            # Nothing new to read: the search text is already that of the kept files.
            resource_search_text_refresh(resource=resource)
        _process_files(new_files, in_background=process_in_background)
    return version


def resource_search_text_refresh(*, resource: Resource) -> None:
    """Search the text of the current version's files (saving reindexes the resource)."""
    texts = ResourceFile.objects.filter(version_id=resource.current_version_id).values_list(
        "text", flat=True
    )
    resource.search_text = "\n\n".join(text for text in texts if text)
    resource.save(update_fields=["search_text"])


def resource_file_process(*, file_id: int) -> None:
    """Read a file's text and draw a PDF's first page; idempotent, so a retry is harmless."""
    resource_file = (
        ResourceFile.objects.select_related("document", "version").filter(pk=file_id).first()
    )
    if resource_file is None:
        return
    # The slow part runs outside any transaction: no lock is held while reading.
    try:
        with resource_file.document.open_file() as handle:
            data = handle.read()
        extracted = extract_text(data, resource_file.file_type)
        preview = render_pdf_preview(data) if resource_file.file_type == "pdf" else None
    except (UnreadableFile, OSError) as error:
        logger.warning("Resource file %s could not be read: %s", file_id, error)
        ResourceFile.objects.filter(pk=file_id).update(processing=ResourceFile.Processing.FAILED)
        return
    with transaction.atomic():
        resource_file = ResourceFile.objects.select_for_update().filter(pk=file_id).first()
        if resource_file is None:
            return
        old_preview = resource_file.preview.name if resource_file.preview else ""
        resource_file.text = extracted.text
        resource_file.page_count = extracted.page_count
        resource_file.processing = ResourceFile.Processing.DONE
        if preview is not None:
            resource_file.preview.save("preview.webp", ContentFile(preview), save=False)
        resource_file.save()
        if old_preview and old_preview != resource_file.preview.name:
            _delete_preview_when_unused(old_preview)
        resource = Resource.objects.get(pk=resource_file.version.resource_id)
        if resource.current_version_id == resource_file.version_id:
            resource_search_text_refresh(resource=resource)


def _delete_preview_when_unused(name: str) -> None:
    if not ResourceFile.objects.filter(preview=name).exists():
        storage = ResourceFile._meta.get_field("preview").storage
        transaction.on_commit(lambda: storage.delete(name))


def first_of_month(day: date) -> date:
    return day.replace(day=1)


def resource_download_record(*, resource_id: int, on: date | None = None) -> None:
    """Count one download in the resource's month; written by the next counters flush."""
    DOWNLOADS.add(first_of_month(on or timezone.localdate()).isoformat(), resource_id)


def resource_delete(*, resource: Resource) -> None:
    """Delete a resource with its versions; their documents and previews go with them."""
    with transaction.atomic():
        resource.delete()


def resource_file_cleanup(*, resource_file: ResourceFile) -> None:
    """After a file row is deleted: drop its document and preview once nothing else uses them."""
    document_id = resource_file.document_id
    if not ResourceFile.objects.filter(document_id=document_id).exists():
        get_document_model().objects.filter(pk=document_id).delete()
    if resource_file.preview:
        _delete_preview_when_unused(resource_file.preview.name)
