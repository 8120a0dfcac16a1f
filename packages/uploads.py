"""Checking a package file before anything is stored, and unpacking it safely.

``inspect`` reads only the zip's directory and the manifest: a zip at all (by its
bytes, not its name), every entry safe to unpack (no ``../``, absolute path, symbolic
link, encrypted entry or duplicate name; limits on the number of entries, the total
and per-entry inflated size and the compression ratio), then the manifest
(``imsmanifest.xml`` at the root for SCORM, ``h5p.json`` for H5P) and every launch
file or declared library. Each refusal is a ``Refused`` saying what is wrong.
"""

import contextlib
import posixpath
import shutil
import zipfile
from dataclasses import dataclass

from django.conf import settings
from django.core.files.base import File
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from website.core.archives import ArchiveTooLarge, UnsafeArchive, check_zip_entries, check_zip_sizes
from website.core.exceptions import Refused
from website.core.uploads import ELEARNING_PACKAGE, POLICIES, check_upload, extension_of

from .manifest import (
    H5P_JSON,
    MANIFEST,
    MANIFEST_MAX_BYTES,
    H5pSpec,
    ManifestSpec,
    parse_h5p,
    parse_scorm,
)


@dataclass
class Inspected:
    name: str
    size: int
    h5p: bool
    spec: ManifestSpec | H5pSpec
    files: list[zipfile.ZipInfo]


def _unsafe_message(error: UnsafeArchive) -> str:
    messages = {
        "escapes": _("il pacchetto contiene «%(name)s», che uscirebbe dalla sua cartella."),
        "absolute": _("il pacchetto contiene un percorso assoluto: «%(name)s»."),
        "symlink": _("il pacchetto contiene un collegamento simbolico: «%(name)s»."),
        "duplicate": _("il pacchetto contiene due volte il file «%(name)s»."),
        "encrypted": _("il pacchetto contiene un file cifrato: «%(name)s»."),
        "too_many": _("il pacchetto contiene %(name)s file, oltre il limite consentito."),
    }
    return messages[error.reason] % {"name": error.name}


def inspect(uploaded: UploadedFile) -> Inspected:
    checked = check_upload(uploaded, POLICIES[ELEARNING_PACKAGE])
    h5p = extension_of(checked.name) == "h5p"
    uploaded.seek(0)
    try:
        archive = zipfile.ZipFile(uploaded)
    except (zipfile.BadZipFile, OSError) as error:
        raise Refused(_("il file non è un archivio zip leggibile.")) from error
    with archive:
        try:
            infos = check_zip_entries(archive, max_entries=settings.PACKAGES_MAX_ENTRIES)
        except UnsafeArchive as error:
            raise Refused(_unsafe_message(error)) from error
        try:
            check_zip_sizes(
                archive,
                max_total_bytes=settings.PACKAGES_MAX_UNPACKED_BYTES,
                max_entry_bytes=settings.PACKAGES_MAX_ENTRY_BYTES,
            )
        except ArchiveTooLarge as error:
            raise Refused(
                _(
                    "il pacchetto si espanderebbe troppo una volta aperto (%(detail)s); il limite "
                    "è %(limit)s in tutto."
                )
                % {
                    "detail": error,
                    "limit": filesizeformat(settings.PACKAGES_MAX_UNPACKED_BYTES),
                }
            ) from error
        files = [info for info in infos if not info.is_dir()]
        names = {posixpath.normpath(info.filename): info.CRC for info in files}
        wanted = H5P_JSON if h5p else MANIFEST
        if wanted not in names:
            elsewhere = next((n for n in names if posixpath.basename(n) == wanted), None)
            if elsewhere:
                raise Refused(
                    _("%(file)s deve stare nella radice del pacchetto, non in «%(where)s».")
                    % {"file": wanted, "where": elsewhere}
                )
            raise Refused(_("il pacchetto non contiene %(file)s.") % {"file": wanted})
        info = archive.getinfo(
            next(i.filename for i in files if posixpath.normpath(i.filename) == wanted)
        )
        if info.file_size > MANIFEST_MAX_BYTES:
            raise Refused(_("%(file)s è troppo grande.") % {"file": wanted})
        try:
            data = archive.read(info)
        except (zipfile.BadZipFile, OSError, RuntimeError, NotImplementedError) as error:
            raise Refused(_("il pacchetto è danneggiato.")) from error
        spec = parse_h5p(data, names) if h5p else parse_scorm(data, names)
    size = uploaded.size or 0  # never 0: check_upload refuses a file without a size
    return Inspected(name=checked.name, size=size, h5p=h5p, spec=spec, files=files)


def unpack(uploaded: UploadedFile, inspected: Inspected, folder: str) -> list[str]:
    """Write the package's files under ``folder`` in the default storage; their names.

    On any failure the files written so far are deleted and the error raised again.
    """
    written: list[str] = []
    uploaded.seek(0)
    try:
        with zipfile.ZipFile(uploaded) as archive:
            for info in inspected.files:
                name = f"{folder}/{posixpath.normpath(info.filename.replace(chr(92), '/'))}"
                with archive.open(info) as source:
                    saved = default_storage.save(name, File(source, name=posixpath.basename(name)))
                written.append(saved)
                if saved != name:
                    raise Refused(
                        _("il pacchetto contiene un nome di file non ammesso: «%(name)s».")
                        % {"name": info.filename}
                    )
    except BaseException:
        remove(written, folder)
        raise
    return written


def remove(names: list[str], folder: str | None = None) -> None:
    """Delete the files written (and the folder, on a storage with local paths)."""
    for name in names:
        with contextlib.suppress(OSError):
            default_storage.delete(name)
    if folder is not None:
        try:
            path = default_storage.path(folder)
        except NotImplementedError:
            return
        shutil.rmtree(path, ignore_errors=True)
