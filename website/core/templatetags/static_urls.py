"""Django's ``static`` template library with each path's URL worked out once per process.

Settings install it under the name ``static`` (``TEMPLATES`` ``OPTIONS["libraries"]``), so
every ``{% load static %}`` (ours, Wagtail's, allauth's) gets it. ``{% static %}`` asks the
storage for the URL on every call: with the manifest storage that is a check that the app is
installed (a walk over every app), a look-up in the manifest and URL quoting, about 50 µs,
and a page such as the dashboard makes about 25 of them, most inside loops (the icon sprite).
The answer depends only on the path, the storage and ``DEBUG`` (the manifest is read once
when the storage starts), so it is kept here and forgotten whenever a setting changes (tests
change the storage or ``STATIC_URL``). ``get_static_prefix`` and ``get_media_prefix`` are
Django's own.
"""

from __future__ import annotations

from typing import cast

from django import template
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.template.base import Parser, Token
from django.templatetags import static as django_static

register = template.Library()
register.tags.update(django_static.register.tags)
register.filters.update(django_static.register.filters)

_urls: dict[str, str] = {}


@receiver(setting_changed)
def _forget_urls(**kwargs: object) -> None:
    _urls.clear()


def static_url(path: str) -> str:
    """``django.templatetags.static.static(path)``, worked out once per path."""
    url = _urls.get(path)
    if url is None:
        url = _urls[path] = django_static.StaticNode.handle_simple(path)
    return url


class StaticNode(django_static.StaticNode):
    def url(self, context: template.Context) -> str:
        return static_url(self.path.resolve(context))


@register.tag("static")
def do_static(parser: Parser, token: Token) -> StaticNode:
    """``{% static path [as varname] %}``, as Django's."""
    return cast(StaticNode, StaticNode.handle_token(parser, token))
