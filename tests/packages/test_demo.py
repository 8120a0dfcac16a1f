"""The demo's packages: made by demo/package_builder.py, uploaded through the service, one to resume."""

import json
import re

from django.urls import reverse

from packages.models import Attempt, Package
from website.accounts.models import User


def test_the_demo_has_both_packages_and_the_operator_can_resume(demo_db, db, client):
    operator = User.objects.get(email="operatore@aula.example")
    packages = list(Package.objects.order_by("kind"))
    assert [p.kind for p in packages] == ["h5p", "scorm12", "scorm2004"]
    packages = packages[1:]  # the SCORM ones
    attempt = Attempt.objects.get(user=operator, package=packages[0])
    assert attempt.closed_at is None
    client.force_login(operator)
    page = client.get(reverse("packages:package", kwargs={"pk": packages[0].pk}))
    assert page.status_code == 200
    config = json.loads(
        re.search(r'application/json">(.*?)</script>', page.content.decode(), re.S).group(1)
    )
    assert config["cmi"]["cmi.core.entry"] == "resume"
    assert config["cmi"]["cmi.core.lesson_location"] == "1"
    # The demo files are where the player finds them.
    url = reverse(
        "packages:file", kwargs={"pk": packages[0].pk, "version": 1, "path": "modulo/index.html"}
    )
    assert client.get(url).status_code == 200
    course_page = client.get(reverse("courses:course", kwargs={"slug": packages[0].course.slug}))
    assert "Moduli e-learning" in course_page.content.decode()


def test_the_demo_operator_can_play_the_h5p_activity(demo_db, db, client):
    operator = User.objects.get(email="operatore@aula.example")
    h5p = Package.objects.get(kind=Package.Kind.H5P)
    client.force_login(operator)
    page = client.get(reverse("packages:package", kwargs={"pk": h5p.pk}))
    assert page.status_code == 200
    config = json.loads(
        re.search(r'application/json">(.*?)</script>', page.content.decode(), re.S).group(1)
    )
    files = config["player"]["h5pJsonPath"]
    meta = client.get(f"{files}/h5p.json")
    assert json.loads(b"".join(meta.streaming_content))["mainLibrary"] == "H5P.AulaDomande"
    library = client.get(f"{files}/H5P.AulaDomande-1.0/library.json")
    assert json.loads(b"".join(library.streaming_content))["machineName"] == "H5P.AulaDomande"
