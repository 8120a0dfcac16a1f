"""QR codes of verification addresses, encoded with what never changes prepared once.

A certificate's QR code is a URL: byte mode, a fixed mask, the smallest
version that holds it at error level M, raised to Q or H when that still
fits (ISO/IEC 18004:2015; the same choices segno makes with
``segno.make(data, error="m", mask=4, micro=False)``, which the tests hold
this module to). segno builds each symbol from scratch, finding the version,
drawing the function patterns and placing every bit through generic code:
that was a fifth of a certificate's time. Here each version's function
patterns (taken from one segno symbol), its data-module path and its mask
are computed once per process; a symbol is then the Reed-Solomon parity of
its data and one pass over the prepared path.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import segno

MASK = 4  # ((row // 2) + (column // 3)) % 2 == 0; any mask is valid, searching for one is slow
# (blocks, data codewords per block) groups and parity codewords per block, per version and level.
# ISO/IEC 18004:2015, table 9, for versions 1-10 (a verification address fits in version 6).
BLOCKS: dict[int, dict[str, tuple[int, tuple[tuple[int, int], ...]]]] = {
    1: {"L": (7, ((1, 19),)), "M": (10, ((1, 16),)), "Q": (13, ((1, 13),)), "H": (17, ((1, 9),))},
    2: {"L": (10, ((1, 34),)), "M": (16, ((1, 28),)), "Q": (22, ((1, 22),)), "H": (28, ((1, 16),))},
    3: {"L": (15, ((1, 55),)), "M": (26, ((1, 44),)), "Q": (18, ((2, 17),)), "H": (22, ((2, 13),))},
    4: {"L": (20, ((1, 80),)), "M": (18, ((2, 32),)), "Q": (26, ((2, 24),)), "H": (16, ((4, 9),))},
    5: {
        "L": (26, ((1, 108),)),
        "M": (24, ((2, 43),)),
        "Q": (18, ((2, 15), (2, 16))),
        "H": (22, ((2, 11), (2, 12))),
    },
    6: {"L": (18, ((2, 68),)), "M": (16, ((4, 27),)), "Q": (24, ((4, 19),)), "H": (28, ((4, 15),))},
    7: {
        "L": (20, ((2, 78),)),
        "M": (18, ((4, 31),)),
        "Q": (18, ((2, 14), (4, 15))),
        "H": (26, ((4, 13), (1, 14))),
    },
    8: {
        "L": (24, ((2, 97),)),
        "M": (22, ((2, 38), (2, 39))),
        "Q": (22, ((4, 18), (2, 19))),
        "H": (26, ((4, 14), (2, 15))),
    },
    9: {
        "L": (30, ((2, 116),)),
        "M": (22, ((3, 36), (2, 37))),
        "Q": (20, ((4, 16), (4, 17))),
        "H": (24, ((4, 12), (4, 13))),
    },
    10: {
        "L": (18, ((2, 68), (2, 69))),
        "M": (26, ((4, 43), (1, 44))),
        "Q": (24, ((6, 19), (2, 20))),
        "H": (28, ((6, 15), (2, 16))),
    },
}
ALIGNMENT = {1: (), 2: (6, 18), 3: (6, 22), 4: (6, 26), 5: (6, 30), 6: (6, 34)}
ALIGNMENT |= {7: (6, 22, 38), 8: (6, 24, 42), 9: (6, 26, 46), 10: (6, 28, 50)}
# Remainder bits after the codewords, per version (ISO/IEC 18004:2015, table 1).
REMAINDER = {1: 0, 2: 7, 3: 7, 4: 7, 5: 7, 6: 7, 7: 0, 8: 0, 9: 0, 10: 0}


def _galois_tables() -> tuple[list[int], list[int]]:
    exp, log = [0] * 512, [0] * 256
    value = 1
    for power in range(255):
        exp[power], log[value] = value, power
        value <<= 1
        if value & 0x100:
            value ^= 0x11D
    for power in range(255, 512):
        exp[power] = exp[power - 255]
    return exp, log


EXP, LOG = _galois_tables()


def _multiply(a: int, b: int) -> int:
    return 0 if a == 0 or b == 0 else EXP[LOG[a] + LOG[b]]


@cache
def _parity_table(count: int) -> tuple[int, ...]:
    """For each leading byte, the generator polynomial times it, as one ``count``-byte integer."""
    generator = [1]
    for power in range(count):
        product = [0] * (len(generator) + 1)
        for index, coefficient in enumerate(generator):
            product[index] ^= coefficient
            product[index + 1] ^= _multiply(coefficient, EXP[power])
        generator = product
    tail = generator[1:]  # the leading coefficient is 1
    return tuple(
        int.from_bytes(bytes(_multiply(lead, c) for c in tail), "big") for lead in range(256)
    )


def _parity(data: bytes, count: int) -> bytes:
    """The Reed-Solomon parity of one block: the remainder of a division, a byte at a time."""
    table, shift, keep = _parity_table(count), 8 * (count - 1), (1 << (8 * count)) - 1
    remainder = 0
    for byte in data:
        remainder = ((remainder << 8) & keep) ^ table[byte ^ (remainder >> shift)]
    return remainder.to_bytes(count, "big")


@dataclass(frozen=True)
class Layout:
    """One version and level: the function patterns, and the data modules in placement order."""

    version: int
    level: str
    base: tuple[bytes, ...]  # each row, function patterns and format information drawn
    path: tuple[tuple[int, int, int], ...]  # (row, column, 1 where the mask flips the bit)


def _is_function(row: int, column: int, size: int, version: int) -> bool:
    if (row < 9 and (column < 9 or column >= size - 8)) or (row >= size - 8 and column < 9):
        return True  # finders, separators, format information and the dark module
    if row == 6 or column == 6:
        return True  # timing patterns
    if version >= 7 and (
        (row < 6 and size - 11 <= column < size - 8) or (column < 6 and size - 11 <= row < size - 8)
    ):
        return True  # version information
    centres = ALIGNMENT[version]
    for centre_row in centres:
        for centre_column in centres:
            overlaps_finder = (centre_row, centre_column) in (
                (6, 6),
                (6, centres[-1]),
                (centres[-1], 6),
            )
            if (
                not overlaps_finder
                and abs(row - centre_row) <= 2
                and abs(column - centre_column) <= 2
            ):
                return True
    return False


@cache
def layout(version: int, level: str) -> Layout:
    size = 17 + 4 * version
    # Any symbol of this version, level and mask has the same function patterns: take segno's.
    sample = segno.make(
        b"\0", version=version, error=level, mask=MASK, micro=False, boost_error=False
    )
    path = []
    column = size - 1
    upwards = True
    while column > 0:
        if column == 6:
            column -= 1  # the vertical timing pattern is skipped
        rows = range(size - 1, -1, -1) if upwards else range(size)
        for row in rows:
            for current in (column, column - 1):
                if not _is_function(row, current, size, version):
                    flip = int((row // 2 + current // 3) % 2 == 0)
                    path.append((row, current, flip))
        upwards = not upwards
        column -= 2
    base = tuple(
        bytes(
            value if _is_function(row, column, size, version) else 0
            for column, value in enumerate(line)
        )
        for row, line in enumerate(sample.matrix)
    )
    return Layout(version, level, base, tuple(path))


def _capacity(version: int, level: str) -> int:
    _parity_count, groups = BLOCKS[version][level]
    return sum(blocks * data for blocks, data in groups)


def _fitting(length: int) -> tuple[int, str]:
    """The smallest version holding ``length`` bytes at level M, at the highest level that fits."""
    for version in BLOCKS:
        header = 4 + (8 if version < 10 else 16)
        needed = (header + 8 * length + 7) // 8
        if needed <= _capacity(version, "M"):
            for level in ("H", "Q", "M"):
                if needed <= _capacity(version, level):
                    return version, level
    raise ValueError(f"{length} bytes do not fit in a QR code of version 10 or less")


def qr_matrix(data: str) -> list[bytearray]:
    """The QR code of ``data`` (byte mode) as rows of modules, 1 for dark, without a border."""
    payload = data.encode("latin-1") if _latin_1(data) else data.encode("utf-8")
    version, level = _fitting(len(payload))
    prepared = layout(version, level)
    # Data codewords: mode 0100, the length, the bytes, a terminator, padding.
    count_bits = 8 if version < 10 else 16
    bits = (0b0100 << count_bits) | len(payload)
    bits = (bits << (8 * len(payload))) | int.from_bytes(payload, "big")
    used = 4 + count_bits + 8 * len(payload)
    capacity = _capacity(version, level)
    terminator = min(4, 8 * capacity - used)
    bits <<= terminator
    used += terminator
    # Zero bits to the byte boundary: a whole zero byte when already on one, as segno writes it
    # (readers stop at the terminator, so either is read the same).
    padding = 8 - used % 8
    bits <<= padding
    used += padding
    codewords = bytearray(bits.to_bytes(used // 8, "big"))
    pad = (0xEC, 0x11)
    for index in range(capacity - len(codewords)):
        codewords.append(pad[index % 2])
    # Blocks, their parity, interleaved.
    parity_count, groups = BLOCKS[version][level]
    blocks, start = [], 0
    for block_count, size in groups:
        for _ in range(block_count):
            blocks.append(bytes(codewords[start : start + size]))
            start += size
    parities = [_parity(block, parity_count) for block in blocks]
    stream = bytearray()
    for index in range(max(len(block) for block in blocks)):
        stream.extend(block[index] for block in blocks if index < len(block))
    for index in range(parity_count):
        stream.extend(parity[index] for parity in parities)
    # Place the bits along the prepared path, masked; remainder bits are 0.
    message = format(int.from_bytes(stream, "big"), f"0{8 * len(stream)}b")
    message += "0" * REMAINDER[version]
    rows = [bytearray(line) for line in prepared.base]
    for (row, column, flip), bit in zip(prepared.path, message, strict=True):
        rows[row][column] = (bit == "1") ^ flip
    return rows


def _latin_1(text: str) -> bool:
    try:
        text.encode("latin-1")
    except UnicodeEncodeError:
        return False
    return True
