"""Fixtures for the packages tests: a course with a learner, zips made to order."""

import io
import json
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from demo.package_builder import h5p_file, scorm12_zip, scorm2004_zip
from packages import services
from packages.models import Package
from packages.runtime import current_launch
from website.accounts.models import User


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def upload(name, data):
    return SimpleUploadedFile(name, data, content_type="application/zip")


def commit_sco(package, user, values, *, sco=None, session="s"):
    """What a SCO's runtime commits for ``user`` in their current attempt (the package's first
    launchable SCO unless ``sco`` says which), without terminating it."""
    return services.commit(
        package=package,
        sco=sco or package.current_version.scos.exclude(href="").first(),
        user=user,
        number=current_launch(package, user).attempt_number,
        session=session,
        values=values,
        terminate=False,
    )


def make_zip(files: dict[str, bytes | str], *, infos=()) -> bytes:
    """A zip of ``files``; ``infos`` are extra (ZipInfo, data) pairs written as they are."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            archive.writestr(name, data)
        for info, data in infos:
            archive.writestr(info, data)
    return buffer.getvalue()


MANIFEST_12 = """<?xml version="1.0"?>
<manifest identifier="m" xmlns="http://www.imsproject.org/xsd/imscp_rootv1p1p2"
  xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_rootv1p2">
  <metadata><schemaversion>{version}</schemaversion></metadata>
  <organizations default="o"><organization identifier="o"><title>Prova</title>
    <item identifier="uno" identifierref="r1"><title>Uno</title></item>
    <item identifier="due" identifierref="r2"><title>Due</title></item>
  </organization></organizations>
  <resources>
    <resource identifier="r1" type="webcontent" adlcp:scormtype="sco" href="uno.html"/>
    <resource identifier="r2" type="webcontent" adlcp:scormtype="sco" href="due.html"/>
  </resources>
</manifest>"""


def scorm_files(version="1.2", **extra):
    return {
        "imsmanifest.xml": MANIFEST_12.format(version=version),
        "uno.html": "<html>uno</html>",
        "due.html": "<html>due</html>",
        **extra,
    }


def h5p_files(**extra):
    return {
        "h5p.json": json.dumps(
            {
                "title": "Quiz",
                "mainLibrary": "H5P.MultiChoice",
                "preloadedDependencies": [
                    {"machineName": "H5P.MultiChoice", "majorVersion": 1, "minorVersion": 16}
                ],
            }
        ),
        "content/content.json": "{}",
        "H5P.MultiChoice-1.16/library.json": "{}",
        **extra,
    }


@pytest.fixture
def enrolled_course(course, make_edition, place, make_user):
    """(course, learner): a learner with a confirmed place in an edition of the course."""
    learner = make_user(email="discente@example.org")
    place(learner, make_edition())
    return course, learner


@pytest.fixture
def scorm12(enrolled_course, training_manager):
    course, _ = enrolled_course
    return services.upload_package(
        course=course, uploaded=upload("modulo.zip", scorm12_zip()), by=training_manager
    )


@pytest.fixture
def scorm2004(enrolled_course, training_manager):
    course, _ = enrolled_course
    return services.upload_package(
        course=course, uploaded=upload("verifica.zip", scorm2004_zip()), by=training_manager
    )


@pytest.fixture
def h5p(enrolled_course, training_manager):
    """The demo H5P activity (our own H5P.AulaDomande content type, three questions)."""
    course, _ = enrolled_course
    return services.upload_package(
        course=course, uploaded=upload("assegno.h5p", h5p_file()), by=training_manager
    )


@pytest.fixture
def learner(enrolled_course) -> User:
    return enrolled_course[1]


__all__ = ["Package", "h5p_files", "make_zip", "scorm_files", "upload"]
