from django import template
from django.template.defaultfilters import filesizeformat

from website.core.uploads import extension_of

from ..models import Resource

register = template.Library()

FILE_ICONS = {
    "pdf": "it-file-pdf",
    "docx": "it-file-docx",
    "xlsx": "it-file-xlsx",
    "pptx": "it-file-slides",
    "odt": "it-file-odt",
    "ods": "it-file-ods",
    "odp": "it-file-odp",
    "txt": "it-file-txt",
    "csv": "it-file-csv",
}
FORMAT_ICONS = {
    Resource.Format.FOLDER: "it-folder",
    Resource.Format.LINK: "it-link",
    Resource.Format.PAGE: "it-note",
}


def _file_key(resource_file):
    if resource_file.file_type == "text":
        return extension_of(resource_file.document.filename)
    return resource_file.file_type


@register.filter
def file_icon(resource_file):
    return FILE_ICONS.get(_file_key(resource_file), "it-file")


@register.filter
def file_summary(resource_file):
    """«PDF, 240 KB» for a resource's file."""
    label = _file_key(resource_file).upper()
    size = resource_file.document.file_size
    return f"{label}, {filesizeformat(size)}" if size is not None else label


@register.filter
def resource_icon(resource):
    """The icon of a resource in lists: its file's type, or its form."""
    if resource.kind == Resource.Kind.VIDEO:
        return "it-video"
    if resource.format == Resource.Format.FILE and resource.current_version_id:
        files = list(resource.current_version.files.all())
        if files:
            return file_icon(files[0])
    return FORMAT_ICONS.get(resource.format, "it-file")


@register.filter
def current_files(resource):
    """The current version's files, as prefetched by selectors.with_listing_data."""
    if not resource.current_version_id:
        return []
    return list(resource.current_version.files.all())
