"""What the channel's pages do on a request, installed by ``CmsConfig.ready``.

The page models call these instead of importing ``views`` and ``selectors``, which import
the models: so ``website.cms.models`` imports nothing that imports it back, and the
request handling stays in views.py and selectors.py where the rest of it lives.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest, HttpResponse
from wagtail.models import Page

Context = dict[str, Any]


@dataclass(frozen=True)
class PageBehaviour:
    content_page_extras: Callable[[Page], Context]
    collection_contents: Callable[[Page], Context]
    home_sections: Callable[[Page], Context]
    act_relations: Callable[[Page], list[Any]]
    index_context: Callable[[Page, HttpRequest], Context]
    registration_context: Callable[[Page, Any], Context]
    register_view: Callable[[HttpRequest, Page], HttpResponse]
    unregister_view: Callable[[HttpRequest, Page], HttpResponse]


_installed: list[PageBehaviour] = []


def install(behaviour: PageBehaviour) -> None:
    _installed[:] = [behaviour]


def page_behaviour() -> PageBehaviour:
    if not _installed:
        raise RuntimeError("website.cms is not ready: CmsConfig.ready installs the behaviour")
    return _installed[0]
