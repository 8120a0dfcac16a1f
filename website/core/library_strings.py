"""Messages of the libraries we use whose Italian translation we correct.

Listing a message here lets `makemessages` collect it into our own Italian
catalogue, which takes precedence over the library's:

- Django 5.2 changed the placeholder of the password-length message without
  updating its catalogues;
- Django's Italian catalogue capitalises month names ("23 Novembre 2026"),
  while Italian writes them in lower case ("23 novembre 2026");
- Wagtail 8's Italian catalogue lacks the listings' counts ("1-31 of 31
  pagine" in an Italian admin) and gives the empty listing a singular
  masculine sentence around a plural name ("Non c'è nessun edizioni").
"""

from django.utils.translation import gettext_lazy, ngettext_lazy, pgettext_lazy

MISSING_UPSTREAM = [
    ngettext_lazy(
        "This password is too short. It must contain at least %d character.",
        "This password is too short. It must contain at least %d characters.",
        "min_length",
    ),
]

MONTHS = [
    gettext_lazy("January"),
    gettext_lazy("February"),
    gettext_lazy("March"),
    gettext_lazy("April"),
    gettext_lazy("May"),
    gettext_lazy("June"),
    gettext_lazy("July"),
    gettext_lazy("August"),
    gettext_lazy("September"),
    gettext_lazy("October"),
    gettext_lazy("November"),
    gettext_lazy("December"),
]
MONTHS_ALT = [
    pgettext_lazy("alt. month", "January"),
    pgettext_lazy("alt. month", "February"),
    pgettext_lazy("alt. month", "March"),
    pgettext_lazy("alt. month", "April"),
    pgettext_lazy("alt. month", "May"),
    pgettext_lazy("alt. month", "June"),
    pgettext_lazy("alt. month", "July"),
    pgettext_lazy("alt. month", "August"),
    pgettext_lazy("alt. month", "September"),
    pgettext_lazy("alt. month", "October"),
    pgettext_lazy("alt. month", "November"),
    pgettext_lazy("alt. month", "December"),
]

# Wagtail's page listings (wagtailadmin/pages/listing/_page_title_column_header.html)
# and the empty model listing (wagtailadmin/generic/index_results.html).
WAGTAIL_LISTINGS = [
    gettext_lazy("%(start_index)s-%(end_index)s of %(items_count)s %(model_name)s"),
    gettext_lazy(
        "%(start_index)s-%(end_index)s of %(items_count)s %(model_name)s across entire site."
    ),
    gettext_lazy(
        "%(start_index)s-%(end_index)s of %(items_count)s %(model_name)s in "
        "'<span class=\"w-title-ellipsis\">%(title)s</span>'."
    ),
    gettext_lazy(
        'There are no %(model_name)s to display. Why not <a href="%(add_url)s">add one</a>?'
    ),
]
