"""The ceiling: a bare Django view that renders, from memory, a template of a given byte size.

Settings, URLs and the WSGI application in one module, so that gunicorn serves it
with ``DJANGO_SETTINGS_MODULE=bench.ceiling`` and ``bench.ceiling:application``.
No database, no middleware: what Django itself costs for a page of that size.
"""

from functools import cache

from django.core.wsgi import get_wsgi_application
from django.http import HttpResponse
from django.template import Context, Engine
from django.urls import path

DEBUG = False
SECRET_KEY = "bench-ceiling-not-secret"  # a throw-away local server
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
ROOT_URLCONF = "bench.ceiling"
INSTALLED_APPS: list[str] = []
MIDDLEWARE: list[str] = []
DATABASES: dict = {}
USE_I18N = False

_ENGINE = Engine()
_ROW = "<p>{{ title }} · {{ number }}</p>\n"


@cache
def _template(size: int):
    """A template whose rendering is ``size`` bytes long (give or take a row)."""
    rendered_row = len(_ROW.replace("{{ title }}", "Aula").replace("{{ number }}", "7").encode())
    rows = max(size // rendered_row, 1)
    return _ENGINE.from_string("<!doctype html>\n<html><body>\n" + _ROW * rows + "</body></html>")


def page(request, size):
    return HttpResponse(_template(size).render(Context({"title": "Aula", "number": 7})))


urlpatterns = [path("<int:size>/", page)]

application = get_wsgi_application()
