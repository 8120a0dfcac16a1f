"""Checks on uploaded files: name, size and type read from the content, not the extension.

``check_upload`` returns the file's type or raises ``Refused`` with a
message for the person who sent it. Office documents are zip archives: their
type is confirmed by the parts inside, so a renamed archive or executable
never passes for a document.
"""

import os
import re
import unicodedata
import zipfile
from dataclasses import dataclass

import filetype
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

from website.core.exceptions import Refused


@dataclass(frozen=True)
class FileType:
    key: str
    label: str
    extensions: tuple[str, ...]


# What may be uploaded, by the type read from the content.
FILE_TYPES = {
    file_type.key: file_type
    for file_type in (
        FileType("pdf", "PDF", ("pdf",)),
        FileType("docx", "Word", ("docx",)),
        FileType("xlsx", "Excel", ("xlsx",)),
        FileType("pptx", "PowerPoint", ("pptx",)),
        FileType("odt", "OpenDocument", ("odt",)),
        FileType("ods", "OpenDocument", ("ods",)),
        FileType("odp", "OpenDocument", ("odp",)),
        FileType("text", pgettext_lazy("tipo di file", "Testo"), ("txt", "csv")),
    )
}
ALLOWED_EXTENSIONS = sorted(ext for t in FILE_TYPES.values() for ext in t.extensions)

# The part every OOXML package of each kind must contain.
_OOXML_MAIN_PARTS = {
    "docx": "word/document.xml",
    "xlsx": "xl/workbook.xml",
    "pptx": "ppt/presentation.xml",
}
_ODF_MIMETYPES = {
    b"application/vnd.oasis.opendocument.text": "odt",
    b"application/vnd.oasis.opendocument.spreadsheet": "ods",
    b"application/vnd.oasis.opendocument.presentation": "odp",
}
_WINDOWS_DEVICE_NAMES = re.compile(r"^(con|prn|aux|nul|com\d|lpt\d)$", re.IGNORECASE)
_ENCODED_PATH = re.compile(r"%(2e|2f|5c|00)", re.IGNORECASE)
_HEAD_SIZE = 8192


def max_upload_size():
    return settings.RESOURCES_MAX_UPLOAD_SIZE


def check_file_name(name):
    """Refuse names that try to reach outside the upload folder or hide what they are."""
    stem = os.path.splitext(name)[0]
    if (
        not name
        or "/" in name
        or "\\" in name
        or ".." in name
        or name.startswith(".")
        or ":" in name
        or _ENCODED_PATH.search(name)
        or any(not character.isprintable() for character in name)
        or _WINDOWS_DEVICE_NAMES.match(stem.split(".")[0])
    ):
        raise Refused(
            _("il nome del file non è valido (contiene percorsi o caratteri non ammessi).")
        )


def extension_of(name):
    return os.path.splitext(name)[1].lower().lstrip(".")


def _zip_document_type(uploaded):
    """The office type of a zip package, or None when it is not one we accept."""
    uploaded.seek(0)
    try:
        with zipfile.ZipFile(uploaded) as package:
            names = set(package.namelist())
            if any(name.lower().endswith("vbaproject.bin") for name in names):
                return None  # macros
            if "mimetype" in names:
                if package.getinfo("mimetype").file_size > 200:
                    return None  # a real one is a short line; a large one could be a bomb
                return _ODF_MIMETYPES.get(package.read("mimetype").strip())
            if "[Content_Types].xml" in names:
                for key, part in _OOXML_MAIN_PARTS.items():
                    if part in names:
                        return key
    except (zipfile.BadZipFile, KeyError, OSError, RuntimeError, NotImplementedError):
        return None
    finally:
        uploaded.seek(0)
    return None


def _looks_like_text(head):
    if b"\x00" in head:
        return False
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as error:
        # A multi-byte character cut at the end of the sample is still text.
        if error.start < len(head) - 3:
            return False
    return True


def detect_type(uploaded):
    """The key in FILE_TYPES of what the content is, or the name of what it is not allowed to be."""
    uploaded.seek(0)
    head = uploaded.read(_HEAD_SIZE)
    uploaded.seek(0)
    if head.startswith(b"PK\x03\x04"):
        return _zip_document_type(uploaded) or "zip"
    guess = filetype.guess(head)
    if guess is not None:
        return "pdf" if guess.extension == "pdf" else guess.extension
    return "text" if _looks_like_text(head) else "binary"


def check_upload(uploaded):
    """Return the FileType of a valid upload, or raise Refused with the reason."""
    check_file_name(uploaded.name)
    extension = extension_of(uploaded.name)
    if extension not in ALLOWED_EXTENSIONS:
        raise Refused(
            _("l'estensione «.%(ext)s» non è ammessa. Sono ammessi: %(allowed)s.")
            % {"ext": extension, "allowed": ", ".join(ALLOWED_EXTENSIONS)}
            if extension
            else _("il file non ha un'estensione. Sono ammessi: %(allowed)s.")
            % {"allowed": ", ".join(ALLOWED_EXTENSIONS)}
        )
    if uploaded.size == 0:
        raise Refused(_("il file è vuoto."))
    if uploaded.size > max_upload_size():
        raise Refused(
            _("il file pesa %(size)s, oltre il limite di %(limit)s.")
            % {"size": filesizeformat(uploaded.size), "limit": filesizeformat(max_upload_size())}
        )
    detected = detect_type(uploaded)
    file_type = FILE_TYPES.get(detected)
    if file_type is None:
        raise Refused(
            _("il contenuto del file non è di un tipo ammesso (sembra un file «%(kind)s»).")
            % {"kind": detected}
        )
    if extension not in file_type.extensions:
        raise Refused(
            _("il contenuto del file (%(kind)s) non corrisponde all'estensione «.%(ext)s».")
            % {"kind": file_type.label, "ext": extension}
        )
    return file_type


def safe_file_name(name):
    """A storage name of plain letters, digits and hyphens, keeping the extension."""
    stem, extension = os.path.splitext(name)
    ascii_stem = unicodedata.normalize("NFKD", stem).encode("ascii", "ignore").decode()
    stem = slugify(ascii_stem)[:80].strip("-") or "file"
    return f"{stem}.{extension.lower().lstrip('.')}"


def title_from_file_name(name):
    """A readable title from a file name: «linee_guida-accesso.pdf» → «Linee guida accesso»."""
    stem = os.path.splitext(name)[0]
    words = re.sub(r"[_\-\s]+", " ", stem).strip()
    return (words[:1].upper() + words[1:])[:200] or _("Documento")


@dataclass(frozen=True)
class AcceptedUpload:
    file: object
    file_type: FileType
    title: str


@dataclass(frozen=True)
class RefusedUpload:
    name: str
    reason: str

    def __str__(self):
        return f"{self.name}: {self.reason}"


def sort_uploads(files):
    """Split uploaded files into those accepted and those refused, each with its reason."""
    accepted, refused = [], []
    for uploaded in files:
        try:
            file_type = check_upload(uploaded)
        except Refused as refusal:
            refused.append(RefusedUpload(name=uploaded.name or "?", reason=str(refusal)))
        else:
            accepted.append(
                AcceptedUpload(
                    file=uploaded, file_type=file_type, title=title_from_file_name(uploaded.name)
                )
            )
    return accepted, refused
