"""Checks on uploaded files: name, size and type read from the content, never from the name.

Each place that accepts files declares its policy in ``POLICIES`` (which kinds, how
large); ``check_upload(uploaded, policy)`` returns the file with its cleaned name and
the kind read from its bytes, or raises ``Refused`` with a message for the person who
sent it. Office documents are zip archives: their kind is confirmed by the parts
inside, and one carrying macros is refused, so a renamed archive or executable never
passes for a document.
"""

import os
import re
import zipfile
from dataclasses import dataclass
from typing import TYPE_CHECKING

import filetype
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

from .exceptions import Refused
from .text import strip_bidi_controls

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

NAME_MAX_LENGTH = 200


@dataclass(frozen=True)
class FileKind:
    """A kind of file recognised by its content, and the extensions its name may carry."""

    key: str
    label: "StrOrPromise"
    extensions: tuple[str, ...]
    content_type: str


_OOXML = "application/vnd.openxmlformats-officedocument"
_ODF = "application/vnd.oasis.opendocument"
KINDS = {
    kind.key: kind
    for kind in (
        FileKind("pdf", "PDF", ("pdf",), "application/pdf"),
        FileKind("docx", "Word", ("docx",), f"{_OOXML}.wordprocessingml.document"),
        FileKind("xlsx", "Excel", ("xlsx",), f"{_OOXML}.spreadsheetml.sheet"),
        FileKind("pptx", "PowerPoint", ("pptx",), f"{_OOXML}.presentationml.presentation"),
        FileKind("odt", "OpenDocument", ("odt",), f"{_ODF}.text"),
        FileKind("ods", "OpenDocument", ("ods",), f"{_ODF}.spreadsheet"),
        FileKind("odp", "OpenDocument", ("odp",), f"{_ODF}.presentation"),
        FileKind("text", pgettext_lazy("tipo di file", "Testo"), ("txt", "csv"), "text/plain"),
        FileKind("png", "PNG", ("png",), "image/png"),
        FileKind("jpg", "JPEG", ("jpg", "jpeg"), "image/jpeg"),
        FileKind("gif", "GIF", ("gif",), "image/gif"),
        FileKind("webp", "WebP", ("webp",), "image/webp"),
        # Any other zip: e-learning packages (SCORM .zip, H5P .h5p), their content checked by
        # the app that unpacks them.
        FileKind("zip", "ZIP", ("zip", "h5p"), "application/zip"),
    )
}
DOCUMENTS = ("pdf", "docx", "xlsx", "pptx", "odt", "ods", "odp")
IMAGES = ("png", "jpg", "gif", "webp")


@dataclass(frozen=True)
class UploadPolicy:
    """What one use accepts: the kinds, and the setting that holds the largest size."""

    kinds: tuple[str, ...]
    max_size_setting: str
    # Further extensions a plain-text file may carry under this policy (".xml", ".gift").
    text_extensions: tuple[str, ...] = ()

    @property
    def max_size(self) -> int:
        return getattr(settings, self.max_size_setting)

    @property
    def extensions(self) -> list[str]:
        return sorted(
            {ext for key in self.kinds for ext in KINDS[key].extensions} | set(self.text_extensions)
        )


LIBRARY = "library"
FORUM_ATTACHMENT = "forum_attachment"
QUESTION_BANK = "question_bank"
TRAINING_EVIDENCE = "training_evidence"
ELEARNING_PACKAGE = "elearning_package"
POLICIES = {
    # Files of the resources library: documents and plain text, whose words are indexed.
    LIBRARY: UploadPolicy(kinds=(*DOCUMENTS, "text"), max_size_setting="RESOURCES_MAX_UPLOAD_SIZE"),
    # Files attached to forum posts: images shown in the post, and documents.
    FORUM_ATTACHMENT: UploadPolicy(
        kinds=(*IMAGES, *DOCUMENTS), max_size_setting="FORUMS_ATTACHMENT_MAX_BYTES"
    ),
    # Question banks to import into a course: Moodle XML or GIFT, plain text either way.
    QUESTION_BANK: UploadPolicy(
        kinds=("text",),
        max_size_setting="QUIZZES_IMPORT_MAX_BYTES",
        text_extensions=("xml", "gift"),
    ),
    # The certificate a person attaches to external training they declare: a PDF.
    TRAINING_EVIDENCE: UploadPolicy(kinds=("pdf",), max_size_setting="RECORDS_EVIDENCE_MAX_BYTES"),
    # SCORM and H5P packages: a zip whatever its name says (packages/uploads.py unpacks it).
    ELEARNING_PACKAGE: UploadPolicy(kinds=("zip",), max_size_setting="PACKAGES_MAX_UPLOAD_SIZE"),
}


@dataclass(frozen=True)
class CheckedUpload:
    """A file that passed its policy: its cleaned name and the kind read from its bytes."""

    file: UploadedFile
    name: str
    kind: FileKind


# The part every OOXML package of each kind must contain.
_OOXML_MAIN_PARTS = {
    "docx": "word/document.xml",
    "xlsx": "xl/workbook.xml",
    "pptx": "ppt/presentation.xml",
}
_ODF_MIMETYPES = {
    f"{_ODF}.text".encode(): "odt",
    f"{_ODF}.spreadsheet".encode(): "ods",
    f"{_ODF}.presentation".encode(): "odp",
}
_WINDOWS_DEVICE_NAMES = re.compile(r"^(con|prn|aux|nul|com\d|lpt\d)$", re.IGNORECASE)
_ENCODED_PATH = re.compile(r"%(2e|2f|5c|00)", re.IGNORECASE)
_HEAD_SIZE = 8192


def clean_file_name(name: str) -> str:
    """The name as sent, without bidirectional controls (which make it read as another)."""
    return strip_bidi_controls(name).strip()


def check_file_name(name: str) -> None:
    """Refuse names that try to reach outside the upload folder or hide what they are."""
    stem = os.path.splitext(name)[0]
    if (
        not name
        or len(name) > NAME_MAX_LENGTH
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


def extension_of(name: str) -> str:
    return os.path.splitext(name)[1].lower().lstrip(".")


def _zip_document_kind(uploaded) -> str | None:
    """The office kind of a zip package, or None when it is not one we accept."""
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


def _looks_like_text(head: bytes) -> bool:
    if b"\x00" in head:
        return False
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as error:
        # A multi-byte character cut at the end of the sample is still text.
        if error.start < len(head) - 3:
            return False
    return True


def detect_kind(uploaded) -> str:
    """The key in KINDS of what the content is, or the name of what it is (not allowed)."""
    uploaded.seek(0)
    head = uploaded.read(_HEAD_SIZE)
    uploaded.seek(0)
    if head.startswith(b"PK\x03\x04"):
        return _zip_document_kind(uploaded) or "zip"
    guess = filetype.guess(head)
    if guess is not None:
        return guess.extension
    return "text" if _looks_like_text(head) else "binary"


def _check_extension(extension: str, policy: UploadPolicy) -> None:
    allowed = ", ".join(policy.extensions)
    if not extension:
        raise Refused(
            _("il file non ha un'estensione. Sono ammessi: %(allowed)s.") % {"allowed": allowed}
        )
    if extension not in policy.extensions:
        raise Refused(
            _("l'estensione «.%(ext)s» non è ammessa. Sono ammessi: %(allowed)s.")
            % {"ext": extension, "allowed": allowed}
        )


def _check_size(size: int | None, policy: UploadPolicy) -> None:
    if not size:  # an upload without a size (never one of Django's) counts as empty
        raise Refused(_("il file è vuoto."))
    if size > policy.max_size:
        raise Refused(
            _("il file pesa %(size)s, oltre il limite di %(limit)s.")
            % {"size": filesizeformat(size), "limit": filesizeformat(policy.max_size)}
        )


def _check_content(uploaded, extension: str, policy: UploadPolicy) -> FileKind:
    detected = detect_kind(uploaded)
    if detected not in policy.kinds:
        raise Refused(
            _("il contenuto del file non è di un tipo ammesso (sembra un file «%(kind)s»).")
            % {"kind": detected}
        )
    kind = KINDS[detected]
    if detected == "text" and extension in policy.text_extensions:
        return kind
    if extension not in kind.extensions:
        raise Refused(
            _("il contenuto del file (%(kind)s) non corrisponde all'estensione «.%(ext)s».")
            % {"kind": kind.label, "ext": extension}
        )
    return kind


def check_upload(uploaded: UploadedFile, policy: UploadPolicy) -> CheckedUpload:
    """The upload with its kind and cleaned name, or Refused saying what is wrong."""
    name = clean_file_name(uploaded.name or "")
    check_file_name(name)
    extension = extension_of(name)
    _check_extension(extension, policy)
    _check_size(uploaded.size, policy)
    return CheckedUpload(file=uploaded, name=name, kind=_check_content(uploaded, extension, policy))
