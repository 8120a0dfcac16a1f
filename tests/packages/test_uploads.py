"""Every refusal the issue lists says what is wrong and leaves nothing on disk or in the database."""

import os
import stat
import zipfile
from pathlib import Path

import pytest
from django.conf import settings

from packages import services
from packages.models import Attempt, Package, PackageVersion, Sco
from website.core.exceptions import Refused

from .conftest import h5p_files, make_zip, scorm_files, upload


def _nothing_left():
    assert Package.objects.count() == 0
    assert PackageVersion.objects.count() == 0
    assert Sco.objects.count() == 0
    media = Path(settings.MEDIA_ROOT)
    assert not media.exists() or not any(p.is_file() for p in media.rglob("*"))


def _refused(course, manager, name, data, expected):
    with pytest.raises(Refused) as raised:
        services.upload_package(course=course, uploaded=upload(name, data), by=manager)
    assert expected in str(raised.value), str(raised.value)
    _nothing_left()


def _info(name, mode=0o644):
    info = zipfile.ZipInfo(name, date_time=(2026, 1, 1, 0, 0, 0))
    info.external_attr = mode << 16
    return info


@pytest.fixture
def setting(course, training_manager):
    return course, training_manager


def test_a_good_package_is_stored_with_its_items(setting):
    course, manager = setting
    package = services.upload_package(
        course=course, uploaded=upload("buono.zip", make_zip(scorm_files())), by=manager
    )
    assert package.kind == Package.Kind.SCORM12
    assert [s.identifier for s in package.current_version.scos.all()] == ["uno", "due"]
    folder = Path(settings.MEDIA_ROOT) / package.current_version.folder
    assert (folder / "uno.html").read_text() == "<html>uno</html>"
    assert "images" not in package.current_version.folder  # never a public folder


def test_dot_dot_entry(setting):
    data = make_zip(scorm_files(), infos=[(_info("../fuori.html"), b"x")])
    _refused(*setting, "p.zip", data, "uscirebbe dalla sua cartella")


def test_dot_dot_inside_a_path(setting):
    data = make_zip(scorm_files(), infos=[(_info("a/../../fuori.html"), b"x")])
    _refused(*setting, "p.zip", data, "uscirebbe dalla sua cartella")


def test_absolute_path(setting):
    data = make_zip(scorm_files(), infos=[(_info("/etc/passwd"), b"x")])
    _refused(*setting, "p.zip", data, "percorso assoluto")


def test_windows_absolute_path(setting):
    data = make_zip(scorm_files(), infos=[(_info("C:/Windows/x.dll"), b"x")])
    _refused(*setting, "p.zip", data, "percorso assoluto")


def test_symlink(setting):
    data = make_zip(scorm_files(), infos=[(_info("link", stat.S_IFLNK | 0o777), b"/etc/passwd")])
    _refused(*setting, "p.zip", data, "collegamento simbolico")


def test_duplicate_names(setting):
    data = make_zip(scorm_files(), infos=[(_info("UNO.html"), b"x")])
    _refused(*setting, "p.zip", data, "due volte")


def test_no_manifest(setting):
    files = scorm_files()
    del files["imsmanifest.xml"]
    _refused(*setting, "p.zip", make_zip(files), "non contiene imsmanifest.xml")


def test_manifest_in_a_subfolder(setting):
    files = scorm_files()
    files["corso/imsmanifest.xml"] = files.pop("imsmanifest.xml")
    _refused(*setting, "p.zip", make_zip(files), "deve stare nella radice")


def test_missing_launch_file(setting):
    files = scorm_files()
    del files["due.html"]
    _refused(*setting, "p.zip", make_zip(files), "manca il file di avvio «due.html»")


def test_unsupported_version(setting):
    _refused(*setting, "p.zip", make_zip(scorm_files(version="CAM 1.3")), "non è supportata")


def test_unparseable_manifest(setting):
    _refused(
        *setting,
        "p.zip",
        make_zip(scorm_files(**{"imsmanifest.xml": "<manifest"})),
        "non è XML valido",
    )


def test_entity_expansion_is_refused(setting):
    bomb = '<?xml version="1.0"?><!DOCTYPE m [<!ENTITY a "aaaaaaaa">]><manifest>&a;</manifest>'
    _refused(
        *setting, "p.zip", make_zip(scorm_files(**{"imsmanifest.xml": bomb})), "non è XML valido"
    )


def test_zip_bomb(setting):
    data = make_zip(scorm_files(**{"zeri.bin": b"\0" * (5 * 1024 * 1024)}))
    assert len(data) < 100_000
    _refused(*setting, "p.zip", data, "si espanderebbe troppo")


def test_too_many_entries(setting, settings):
    settings.PACKAGES_MAX_ENTRIES = 3
    _refused(*setting, "p.zip", make_zip(scorm_files(**{"x.txt": "x"})), "oltre il limite")


def test_not_a_zip_named_zip(setting):
    _refused(*setting, "p.zip", b"%PDF-1.4 not a zip at all" * 10, "non è di un tipo ammesso")


def test_truncated_zip(setting):
    data = make_zip(scorm_files())
    _refused(*setting, "p.zip", data[: len(data) // 2], "")


def test_h5p_without_h5p_json(setting):
    files = h5p_files()
    del files["h5p.json"]
    _refused(*setting, "quiz.h5p", make_zip(files), "non contiene h5p.json")


def test_h5p_missing_declared_library(setting):
    files = h5p_files()
    del files["H5P.MultiChoice-1.16/library.json"]
    _refused(*setting, "quiz.h5p", make_zip(files), "manca la libreria «H5P.MultiChoice-1.16»")


def test_h5p_with_the_same_limits(setting):
    data = make_zip(h5p_files(), infos=[(_info("../x.js"), b"x")])
    _refused(*setting, "quiz.h5p", data, "uscirebbe dalla sua cartella")


def test_a_valid_h5p_becomes_a_package_with_its_files(setting):
    course, manager = setting
    package = services.upload_package(
        course=course, uploaded=upload("quiz.h5p", make_zip(h5p_files())), by=manager
    )
    assert package.kind == Package.Kind.H5P
    assert package.current_version.main_library == "H5P.MultiChoice"
    assert list(package.current_version.scos.values_list("identifier", flat=True)) == ["h5p"]
    folder = Path(settings.MEDIA_ROOT) / package.current_version.folder
    assert (folder / "H5P.MultiChoice-1.16" / "library.json").is_file()


def test_a_hostile_h5p_is_still_refused(setting):
    link = _info("H5P.MultiChoice-1.16/x.js", stat.S_IFLNK | 0o777)
    data = make_zip(h5p_files(), infos=[(link, b"/etc/passwd")])
    _refused(*setting, "quiz.h5p", data, "collegamento simbolico")


def test_a_failure_while_unpacking_removes_what_was_written(setting, monkeypatch):
    course, manager = setting
    from packages import uploads

    real_save = uploads.default_storage.save
    calls = []

    def failing_save(name, content, **kwargs):
        calls.append(name)
        if len(calls) == 2:
            raise OSError("disk full")
        return real_save(name, content, **kwargs)

    monkeypatch.setattr(uploads.default_storage, "save", failing_save)
    with pytest.raises(OSError):
        services.upload_package(
            course=course, uploaded=upload("p.zip", make_zip(scorm_files())), by=manager
        )
    _nothing_left()


def test_a_new_version_keeps_progress_on_unchanged_scos(scorm12, learner, training_manager):
    from .conftest import commit_sco
    from .conftest import upload as up

    package = scorm12
    sco = package.current_version.scos.exclude(href="").get()
    commit_sco(
        package,
        learner,
        {"cmi.core.lesson_location": "2", "cmi.core.exit": "suspend"},
        sco=sco,
        session="s1",
    )
    from demo.package_builder import scorm12_zip

    services.upload_package(
        course=package.course,
        uploaded=up("v2.zip", scorm12_zip()),
        by=training_manager,
        package=package,
    )
    package.refresh_from_db()
    attempts = list(Attempt.objects.filter(package=package, user=learner).order_by("number"))
    assert [a.version.number for a in attempts] == [1, 2]
    assert attempts[0].closed_at is not None
    assert attempts[1].states.get().cmi["cmi.core.lesson_location"] == "2"


def test_a_changed_sco_starts_afresh_in_the_new_version(scorm12, learner, training_manager):
    from packages.runtime import current_launch

    package = scorm12
    sco = package.current_version.scos.exclude(href="").get()
    services.commit(
        package=package,
        sco=sco,
        user=learner,
        number=current_launch(package, learner).attempt_number,
        session="s1",
        values={"cmi.core.lesson_location": "2"},
        terminate=False,
    )
    from demo.package_builder import _SCORM12_MANIFEST, _zip

    changed = _zip(
        {"imsmanifest.xml": _SCORM12_MANIFEST, "modulo/index.html": "<html>nuovo</html>"}
    )
    services.upload_package(
        course=package.course,
        uploaded=upload("v2.zip", changed),
        by=training_manager,
        package=package,
    )
    latest = Attempt.objects.filter(package=package, user=learner).order_by("-number").first()
    assert latest.version.number == 2
    assert not latest.states.exists()
    assert os.path.exists(Path(settings.MEDIA_ROOT) / package.versions.get(number=1).folder)
