"""Zip archives from people (XLSX, DOCX, PPTX, OpenDocument): sizes checked before inflating.

A zip entry declares its uncompressed size, and Python's ``zipfile`` never
inflates more than that, so checking the declared sizes before reading
bounds the work: a few hundred kilobytes of zip cannot make a process read
gigabytes of XML.
"""

import zipfile
from collections.abc import Iterable

# Well-formed office XML compresses about 10:1; a ratio far above that is a bomb.
MAX_COMPRESSION_RATIO = 100
# Below this size an entry may compress as much as it likes.
RATIO_FREE_BYTES = 1024 * 1024


class ArchiveTooLarge(Exception):
    """The archive would inflate beyond what the caller allows."""


def check_zip_sizes(
    package: zipfile.ZipFile,
    *,
    max_total_bytes: int,
    max_entry_bytes: int,
    names: Iterable[str] | None = None,
    max_ratio: int = MAX_COMPRESSION_RATIO,
) -> None:
    """Raise ArchiveTooLarge if the entries (all, or ``names``) would inflate too much."""
    infos = package.infolist() if names is None else [package.getinfo(name) for name in names]
    total = 0
    for info in infos:
        if info.file_size > max_entry_bytes:
            raise ArchiveTooLarge(f"{info.filename}: {info.file_size} bytes once inflated")
        ratio_applies = info.file_size > RATIO_FREE_BYTES
        if ratio_applies and info.file_size > max_ratio * max(info.compress_size, 1):
            raise ArchiveTooLarge(f"{info.filename}: compressed more than {max_ratio}:1")
        total += info.file_size
        if total > max_total_bytes:
            raise ArchiveTooLarge(f"more than {max_total_bytes} bytes once inflated")
