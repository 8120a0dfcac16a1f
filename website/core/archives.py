"""Zip archives from people (office files, e-learning packages): sizes checked before inflating.

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


class UnsafeArchive(Exception):
    """An entry that must never be unpacked; ``reason`` is one of UNSAFE_REASONS."""

    def __init__(self, reason: str, name: str) -> None:
        super().__init__(f"{reason}: {name}")
        self.reason = reason
        self.name = name


UNSAFE_REASONS = ("escapes", "absolute", "symlink", "duplicate", "too_many", "encrypted")
_S_IFMT = 0o170000
_S_IFLNK = 0o120000


def check_zip_entries(package: zipfile.ZipFile, *, max_entries: int) -> list[zipfile.ZipInfo]:
    """The entries of an archive to unpack into a folder, or UnsafeArchive for the first bad one.

    Refused: more than ``max_entries`` entries, a name that is absolute (``/x``,
    ``C:x``, ``\\\\server``) or climbs out (``..`` as any segment, with ``/`` or ``\\``),
    an entry stored as a symbolic link (Unix mode in the external attributes), an
    encrypted entry, and two entries with the same name (case-insensitively: they
    would overwrite each other on some file systems).
    """
    infos = package.infolist()
    if len(infos) > max_entries:
        raise UnsafeArchive("too_many", str(len(infos)))
    seen: set[str] = set()
    for info in infos:
        name = info.filename
        segments = name.replace("\\", "/").split("/")
        if name.startswith(("/", "\\")) or (len(name) > 1 and name[1] == ":") or "\x00" in name:
            raise UnsafeArchive("absolute", name)
        if ".." in segments:
            raise UnsafeArchive("escapes", name)
        if (info.external_attr >> 16) & _S_IFMT == _S_IFLNK:
            raise UnsafeArchive("symlink", name)
        if info.flag_bits & 0x1:
            raise UnsafeArchive("encrypted", name)
        key = name.replace("\\", "/").rstrip("/").casefold()
        if key in seen:
            raise UnsafeArchive("duplicate", name)
        seen.add(key)
    return infos
