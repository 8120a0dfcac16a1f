"""Messages of the libraries we use whose Italian translation is missing upstream.

Django 5.2 changed the placeholder of this validator message without updating
its catalogues; listing the message here lets `makemessages` collect it into
our own Italian catalogue, which takes precedence over the library's.
"""

from django.utils.translation import ngettext_lazy

MISSING_UPSTREAM = [
    ngettext_lazy(
        "This password is too short. It must contain at least %d character.",
        "This password is too short. It must contain at least %d characters.",
        "min_length",
    ),
]
