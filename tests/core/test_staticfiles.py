import json
from unittest import mock

import pytest
from django.test import override_settings

from website.core.staticfiles import StaticFilesStorage


@pytest.fixture
def storage(tmp_path):
    manifest = {"version": "1.1", "paths": {"css/a.css": "css/a.0123456789ab.css"}, "hash": "x"}
    (tmp_path / "staticfiles.json").write_text(json.dumps(manifest))
    return StaticFilesStorage(location=str(tmp_path), base_url="/static/")


@override_settings(DEBUG=False)
def test_a_url_is_worked_out_once(storage):
    with mock.patch.object(storage, "stored_name", wraps=storage.stored_name) as stored:
        assert storage.url("css/a.css") == "/static/css/a.0123456789ab.css"
        assert storage.url("css/a.css") == "/static/css/a.0123456789ab.css"
    assert stored.call_count == 1


def test_debug_still_gives_the_plain_name(storage):
    with override_settings(DEBUG=False):
        assert storage.url("css/a.css") == "/static/css/a.0123456789ab.css"
    with override_settings(DEBUG=True):
        assert storage.url("css/a.css") == "/static/css/a.css"


@override_settings(DEBUG=False)
def test_a_file_missing_from_the_manifest_raises_every_time(storage):
    for _ in range(2):
        with pytest.raises(ValueError, match="Missing staticfiles manifest entry"):
            storage.url("css/missing.css")
