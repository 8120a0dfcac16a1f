"""The static files' storage: whitenoise's compressed manifest storage, each URL worked out once.

``{% static %}`` asks the storage for a file's URL on every call, and the manifest storage
then looks the name up in the manifest, splits and quotes it each time; the dashboard makes
about 25 such calls a request, most inside loops (the icon sprite of every item). The answer
depends only on the name and ``DEBUG`` (the manifest is read once, when the storage starts;
Django makes a new storage when a test changes ``STORAGES``, ``STATIC_ROOT`` or
``STATIC_URL``), so it is kept for the life of the storage. A missing file still raises
every time: only answers are kept.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from whitenoise.storage import CompressedManifestStaticFilesStorage


class StaticFilesStorage(CompressedManifestStaticFilesStorage):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._urls: dict[tuple[str, bool], str] = {}

    def url(self, name: str | None, force: bool = False) -> str:
        if force or name is None:
            return str(super().url(name, force))
        key = (name, settings.DEBUG)
        url = self._urls.get(key)
        if url is None:
            url = self._urls[key] = str(super().url(name))
        return url
