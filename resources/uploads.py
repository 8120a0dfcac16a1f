"""Library uploads: each file judged by the library's policy (website.core.uploads), the
good ones named for storage and titled, the others listed with the reason."""

import os
import re
import unicodedata
from dataclasses import dataclass

from django.core.files.uploadedfile import UploadedFile
from django.utils.text import slugify
from django.utils.translation import gettext as _

from website.core.exceptions import Refused
from website.core.uploads import LIBRARY, POLICIES, FileKind, check_upload

POLICY = POLICIES[LIBRARY]


def safe_file_name(name: str) -> str:
    """A storage name of plain letters, digits and hyphens, keeping the extension."""
    stem, extension = os.path.splitext(name)
    ascii_stem = unicodedata.normalize("NFKD", stem).encode("ascii", "ignore").decode()
    stem = slugify(ascii_stem)[:80].strip("-") or "file"
    return f"{stem}.{extension.lower().lstrip('.')}"


def title_from_file_name(name: str) -> str:
    """A readable title from a file name: «linee_guida-accesso.pdf» → «Linee guida accesso»."""
    stem = os.path.splitext(name)[0]
    words = re.sub(r"[_\-\s]+", " ", stem).strip()
    return (words[:1].upper() + words[1:])[:200] or _("Documento")


@dataclass(frozen=True)
class AcceptedUpload:
    file: UploadedFile
    file_type: FileKind
    title: str


@dataclass(frozen=True)
class RefusedUpload:
    name: str
    reason: str

    def __str__(self):
        return f"{self.name}: {self.reason}"


def sort_uploads(files) -> tuple[list[AcceptedUpload], list[RefusedUpload]]:
    """Split uploaded files into those accepted and those refused, each with its reason."""
    accepted, refused = [], []
    for uploaded in files:
        try:
            checked = check_upload(uploaded, POLICY)
        except Refused as refusal:
            refused.append(RefusedUpload(name=uploaded.name or "?", reason=str(refusal)))
        else:
            accepted.append(
                AcceptedUpload(
                    file=uploaded, file_type=checked.kind, title=title_from_file_name(checked.name)
                )
            )
    return accepted, refused
