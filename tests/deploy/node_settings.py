"""What the two-node test's app processes run: the production settings, from the environment.

One difference: static files are found in the apps' folders instead of a
collectstatic output (the production manifest storage would need one), so the
test need not collect every static file first.
"""

from website.settings.production import *  # noqa: F403

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
STATIC_ROOT = None
WHITENOISE_USE_FINDERS = True
