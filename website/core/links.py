"""Absolute addresses on the site's public origin (``SITE_URL``), for emails, feeds,
certificates, QR codes and credentials, where a relative path means nothing."""

from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse


def absolute_url(path_or_name: str = "/", *args: object, **kwargs: object) -> str:
    """``SITE_URL`` + a path ("/corsi/x/") or the reversed URL name ("courses:dashboard")."""
    if path_or_name.startswith("/"):
        if args or kwargs:
            raise TypeError("arguments are only for a URL name, not a path")
        path = path_or_name
    else:
        path = reverse(path_or_name, args=args or None, kwargs=kwargs or None)
    return settings.SITE_URL + path


def on_site_origin(url: str) -> str:
    """The same address on ``SITE_URL``: an absolute URL built from the request's host and
    port (a library's, say) keeps its path, query and fragment and loses its origin."""
    parts = urlsplit(url)
    path = parts.path or "/"
    if parts.query:
        path += "?" + parts.query
    if parts.fragment:
        path += "#" + parts.fragment
    return absolute_url(path)


def page_absolute_url(page: Any, request: HttpRequest | None = None) -> str:
    """A Wagtail page's address on ``SITE_URL`` (never on the Site record's host and port)."""
    url = page.get_url(request)
    return absolute_url(url) if url and url.startswith("/") else url


def site_origin() -> str:
    """The public origin without a trailing slash ("https://aula.example.it")."""
    return settings.SITE_URL


def site_host() -> str:
    """The public origin's host name (no port), e.g. for calendar UIDs."""
    return urlsplit(settings.SITE_URL).hostname or ""


def site_scheme() -> str:
    return urlsplit(settings.SITE_URL).scheme


def site_netloc() -> str:
    return urlsplit(settings.SITE_URL).netloc
