"""The QR encoder draws exactly the symbol segno draws with the same choices."""

import random
import string

import pytest
import segno

from certificates.qr import qr_matrix


def segno_rows(data):
    symbol = segno.make(data, error="m", mask=4, micro=False, mode="byte")
    return [bytes(row) for row in symbol.matrix]


@pytest.mark.parametrize("length", [*range(1, 120), 150, 180, 213])
def test_every_version_and_level_up_to_ten_matches_segno(length):
    picker = random.Random(length)
    alphabet = string.ascii_letters + string.digits + "/:.-_?=&"
    data = "".join(picker.choice(alphabet) for _ in range(length))
    assert [bytes(row) for row in qr_matrix(data)] == segno_rows(data)


@pytest.mark.parametrize(
    "data",
    [
        "https://aula.regione.example.it/attestati/verifica/7KQ2M9XD4HTR8B3N/",
        "http://testserver/attestati/verifica/ABCDEFGHJKMNPQRS/",
        "https://formazione.regione.example.it/attestati/verifica/città/",  # Latin-1
        "https://aula.example.org/verifica/Ștefan/",  # beyond Latin-1: UTF-8
    ],
)
def test_addresses_match_segno(data):
    assert [bytes(row) for row in qr_matrix(data)] == segno_rows(data)


def test_too_long_for_the_prepared_versions_is_refused():
    with pytest.raises(ValueError):
        qr_matrix("x" * 300)
