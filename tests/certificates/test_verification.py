"""The public verification page: every answer, forgiving input, garbage, privacy, the rate limit."""

from datetime import timedelta

import pytest
from bs4 import BeautifulSoup
from django.utils import timezone, translation

from certificates import codes, services
from certificates.models import Certificate
from certificates.views import answer_for
from website.core.dates import date_range, day_phrase

pytestmark = pytest.mark.django_db


@pytest.fixture
def certificate(issue_certificate):
    return issue_certificate(days=(5, 4.5), first_name="Rosaria", last_name="Cannizzaro")


def answer_of(response):
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    heading = soup.find(id="answer-title")
    return heading.get_text(" ", strip=True) if heading else None, soup


def test_the_form_alone_answers_nothing(client):
    heading, soup = answer_of(client.get("/attestati/verifica/"))
    assert heading is None
    assert soup.find("input", {"name": "codice"}) is not None
    assert soup.find("meta", {"name": "robots", "content": "noindex"}) is not None


def test_a_valid_certificate_shows_the_least_personal_data(client, certificate):
    heading, soup = answer_of(client.get(f"/attestati/verifica/{certificate.code}/"))
    assert heading == "Attestato valido"
    text = soup.get_text(" ", strip=True)
    assert "Rosaria Cannizzaro" in text
    assert "UD1 – Trasparenza e accesso agli atti" in text
    assert "9,5 su 10" in text
    assert certificate.grouped_code in text
    with translation.override("it"):
        dates = date_range(certificate.edition.starts_on, certificate.edition.ends_on)
    assert dates in text
    # Nothing more personal than that.
    assert certificate.user.email not in text
    assert "CPI Palermo Centro" not in text


@pytest.mark.parametrize(
    "typed",
    [
        "{grouped}",
        "{lower}",
        "  {spaced}  ",
        "{dashed_oddly}",
        "{with_lookalikes}",
    ],
)
def test_codes_are_read_in_any_case_with_stray_spaces_or_dashes(client, certificate, typed):
    code = certificate.code
    variants = {
        "grouped": certificate.grouped_code,
        "lower": certificate.grouped_code.lower(),
        "spaced": " ".join(code[i : i + 4] for i in range(0, 16, 4)).lower(),
        "dashed_oddly": "-".join(code[i : i + 2] for i in range(0, 16, 2)),
        "with_lookalikes": code.replace("0", "o").replace("1", "l"),
    }
    response = client.get("/attestati/verifica/", {"codice": typed.format(**variants)})
    assert answer_of(response)[0] == "Attestato valido"


@pytest.mark.parametrize(
    "garbage",
    [
        "x",
        "0000-0000-0000-0000",
        "7KQ2-M9XD-4HTR-8B3",  # one symbol short
        "7KQ2-M9XD-4HTR-8B3NU",  # U is not in the alphabet, and too long
        "<script>alert(1)</script>",
        "' OR 1=1 --",
        "😀" * 16,
        "A" * 5000,
        "%00%2F..%2F",
    ],
)
def test_garbage_gets_the_unknown_answer_never_an_error(client, certificate, garbage):
    heading, soup = answer_of(client.get("/attestati/verifica/", {"codice": garbage}))
    assert heading == "Codice sconosciuto"
    assert "<script>alert(1)</script>" not in str(soup)


@pytest.mark.parametrize(
    "path", ["ZZZZ", "a" * 300, "7kq2 m9xd", "%E2%98%83", "..%2F..%2Fetc%2Fpasswd"]
)
def test_garbage_in_the_address_gets_the_unknown_answer_too(client, certificate, path):
    assert answer_of(client.get(f"/attestati/verifica/{path}/"))[0] == "Codice sconosciuto"


def test_an_empty_form_asks_for_the_code(client):
    heading, soup = answer_of(client.get("/attestati/verifica/", {"codice": "  "}))
    assert heading is None
    assert "Scrivi il codice stampato sull'attestato." in soup.get_text()


def test_a_revoked_certificate_says_so_with_the_date(client, certificate, training_manager):
    services.certificate_revoke(
        certificate=certificate, by=training_manager, reason="Presenze errate", notify=False
    )
    heading, soup = answer_of(client.get(f"/attestati/verifica/{certificate.code}/"))
    assert heading == "Attestato revocato"
    with translation.override("it"):
        today = day_phrase(timezone.localdate(), "il")  # "il 2 dicembre 2026", "l'8 …"
    assert f"revocato {today} e non è più valido" in soup.get_text(" ", strip=True)
    # The reason is for the holder and the office, not for the public.
    assert "Presenze errate" not in soup.get_text()


def test_a_replaced_certificate_points_at_its_reissue(client, certificate, training_manager):
    new = services.certificate_reissue(
        certificate=certificate, by=training_manager, reason="Correzione", notify=False
    )
    heading, soup = answer_of(client.get(f"/attestati/verifica/{certificate.code}/"))
    assert heading == "Attestato sostituito"
    assert soup.find("a", href=f"/attestati/verifica/{new.code}/") is not None
    assert answer_of(client.get(f"/attestati/verifica/{new.code}/"))[0] == "Attestato valido"


def test_an_expired_certificate_is_authentic_but_expired(client, certificate):
    Certificate.objects.filter(pk=certificate.pk).update(
        expires_on=timezone.localdate() - timedelta(days=1)
    )
    heading, _soup = answer_of(client.get(f"/attestati/verifica/{certificate.code}/"))
    assert heading == "Attestato scaduto"


def test_the_answer_comes_from_a_fixed_number_of_queries(certificate, django_assert_num_queries):
    with django_assert_num_queries(1):
        assert answer_for(certificate.grouped_code.lower())["state"] == "valid"
    with django_assert_num_queries(0):
        assert answer_for("not a code")["state"] == "unknown"


def test_lookups_are_rate_limited_per_client(client, certificate, settings):
    settings.CERTIFICATES_VERIFY_RATE = "3/m"
    for _ in range(3):
        assert client.get(f"/attestati/verifica/{certificate.code}/").status_code == 200
    limited = client.get("/attestati/verifica/", {"codice": certificate.code})
    assert limited.status_code == 429
    assert "Troppe verifiche" in limited.content.decode()
    assert "Rosaria" not in limited.content.decode()
    # The bare form is still there; another client is not affected.
    assert client.get("/attestati/verifica/").status_code == 200
    other = client.get(f"/attestati/verifica/{certificate.code}/", REMOTE_ADDR="10.0.0.9")
    assert answer_of(other)[0] == "Attestato valido"


def test_codes_are_random_readable_and_long_enough():
    made = {codes.new_code() for _ in range(2000)}
    assert len(made) == 2000
    assert all(len(code) == 16 and set(code) <= set(codes.ALPHABET) for code in made)
    assert not set("ILOU") & set(codes.ALPHABET)
    assert len(codes.ALPHABET) ** codes.LENGTH >= 2**60
    # Every symbol turns up in every position (each misses 2000 draws with odds of 1 in 10^27).
    for position in range(codes.LENGTH):
        assert {code[position] for code in made} == set(codes.ALPHABET), position
    assert codes.grouped("7KQ2M9XD4HTR8B3N") == "7KQ2-M9XD-4HTR-8B3N"
    assert codes.normalise("7kq2 m9xd\u20134htr-8b3n") == "7KQ2M9XD4HTR8B3N"
    assert codes.normalise(None) is None and codes.normalise(12) is None
