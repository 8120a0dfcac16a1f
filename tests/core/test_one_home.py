"""The cross-cutting helpers live once, in website.core (and notifications for tell()).

The guards read the product tree: a second copy of a helper fails here before review.
"""

import ast
import io
import re
import zipfile
from pathlib import Path

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.files.uploadedfile import SimpleUploadedFile

from website.core.exceptions import Refused
from website.core.files import download_name
from website.core.links import absolute_url
from website.core.ratelimits import client_key
from website.core.uploads import (
    FORUM_ATTACHMENT,
    LIBRARY,
    POLICIES,
    check_upload,
)

ROOT = Path(__file__).resolve().parents[2]
PRODUCT = (
    "attendance",
    "certificates",
    "courses",
    "forums",
    "learning",
    "packages",
    "quality",
    "quizzes",
    "records",
    "reports",
    "resources",
    "surveys",
    "website",
)
RLO = "\u202e"


def product_files():
    for package in PRODUCT:
        for path in (ROOT / package).rglob("*.py"):
            if "migrations" not in path.parts:
                yield path


def files_matching(pattern, *, allowed=()):
    expression = re.compile(pattern)
    return sorted(
        str(path.relative_to(ROOT))
        for path in product_files()
        if expression.search(path.read_text(encoding="utf-8"))
        and str(path.relative_to(ROOT)) not in allowed
        and not str(path.relative_to(ROOT)).startswith("website/settings/")
    )


def test_site_url_is_read_only_by_the_links_helper():
    assert files_matching(r"settings\.SITE_URL", allowed={"website/core/links.py"}) == []


def test_no_absolute_address_from_the_request_or_the_wagtail_site_record():
    # The request's host is whoever asked; the Site record says localhost:80.
    assert files_matching(r"build_absolute_uri|get_full_url|\.full_url\b|fullpageurl") == []


def _exception_classes(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.ClassDef):
            bases = {getattr(base, "id", getattr(base, "attr", "")) for base in node.bases}
            if "Exception" in bases:
                yield node.name


def test_refused_is_declared_once():
    refusals = [
        (str(path.relative_to(ROOT)), name)
        for path in product_files()
        for name in _exception_classes(path)
        if re.search(r"refus|error$", name, re.IGNORECASE)
    ]
    # CmiError is not a refusal shown to a person: it carries the SCORM standard's error
    # number back to the package's runtime.
    assert refusals == [("packages/cmi.py", "CmiError"), ("website/core/exceptions.py", "Refused")]


def test_one_tell_one_limiter_one_file_response_one_sniffer():
    assert files_matching(r"^def tell\(", allowed={"website/notifications/notices.py"}) == []
    assert files_matching(r"django_ratelimit") == []
    assert files_matching(r"\bFileResponse\(", allowed={"website/core/files.py"}) == [
        "website/core/media.py"  # public media: public caching, its own rules
    ]
    assert files_matching(r"^import filetype", allowed={"website/core/uploads.py"}) == []
    assert files_matching(r"X-Content-Type-Options", allowed={"website/core/files.py"}) == [
        "website/core/media.py"
    ]


def test_absolute_url_takes_a_path_or_a_url_name(settings):
    settings.SITE_URL = "https://aula.example.it"
    assert absolute_url() == "https://aula.example.it/"
    assert absolute_url("/corsi/x/") == "https://aula.example.it/corsi/x/"
    assert absolute_url("courses:dashboard").startswith("https://aula.example.it/")
    assert absolute_url("certificates:verify_code", "ABC123").endswith("/ABC123/")
    with pytest.raises(TypeError):
        absolute_url("/corsi/", 1)


@pytest.mark.parametrize(
    "name, expected",
    [
        (f"fattura{RLO}fdp.exe", "fatturafdp.exe"),
        ("../../etc/passwd", "passwd"),
        ("C:\\Users\\a\\b.pdf", "b.pdf"),
        ("riga\nnuova.pdf", "riganuova.pdf"),
        (".nascosto", "nascosto"),
        ("", "file"),
    ],
)
def test_download_names_carry_no_folders_controls_or_bidi(name, expected):
    assert download_name(name) == expected


def test_ipv6_clients_count_per_64_and_people_per_account(rf, operator):
    first = rf.get("/", REMOTE_ADDR="2001:db8:1:2::1")
    second = rf.get("/", REMOTE_ADDR="2001:db8:1:2:ffff::9")
    first.user = second.user = AnonymousUser()
    assert client_key(first) == client_key(second) == "ip:2001:db8:1:2::/64"
    second.user = operator
    assert client_key(second) == f"user:{operator.pk}"
    assert client_key(second, per_person=False) == "ip:2001:db8:1:2::/64"
    assert client_key(rf.get("/", REMOTE_ADDR="10.0.0.1"), per_person=False) == "ip:10.0.0.1"


def docx_with_macros():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<document/>")
        archive.writestr("word/vbaProject.bin", b"\x00")
    return buffer.getvalue()


PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
    b"\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00"
    b"\x00\x00\x00IEND\xaeB`\x82"
)


@pytest.mark.parametrize("policy", [LIBRARY, FORUM_ATTACHMENT])
def test_every_policy_refuses_macros_and_path_tricks(policy, settings):
    with pytest.raises(Refused, match="sembra un file «zip»"):
        check_upload(SimpleUploadedFile("modulo.docx", docx_with_macros()), POLICIES[policy])
    with pytest.raises(Refused, match="nome del file non è valido"):
        check_upload(SimpleUploadedFile("..%2fmodulo.pdf", b"%PDF-1.4\n"), POLICIES[policy])


def test_each_policy_has_its_own_kinds_and_size(settings):
    settings.FORUMS_ATTACHMENT_MAX_BYTES = 10
    image = SimpleUploadedFile(f"mappa{RLO}gnp.png", PNG)
    with pytest.raises(Refused, match=r"«\.png» non è ammessa"):
        check_upload(image, POLICIES[LIBRARY])
    with pytest.raises(Refused, match="oltre il limite"):
        check_upload(image, POLICIES[FORUM_ATTACHMENT])
    settings.FORUMS_ATTACHMENT_MAX_BYTES = 10_000
    checked = check_upload(image, POLICIES[FORUM_ATTACHMENT])
    assert checked.name == "mappagnp.png" and checked.kind.content_type == "image/png"
