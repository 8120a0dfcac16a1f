"""Messages of the libraries we use whose Italian translation we correct.

Listing a message here lets `makemessages` collect it into our own Italian
catalogue, which takes precedence over the library's:

- Django 5.2 changed the placeholder of the password-length message without
  updating its catalogues;
- Django's Italian catalogue capitalises month names ("23 Novembre 2026"),
  while Italian writes them in lower case ("23 novembre 2026");
- Wagtail 8's Italian catalogue lacks the listings' counts ("1-31 of 31
  pagine" in an Italian admin) and gives the empty listing a singular
  masculine sentence around a plural name ("Non c'è nessun edizioni",
  "Nessun edizioni corrisponde alla tua ricerca").
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
    gettext_lazy("No %(model_name)s match your query."),
]


# Every other message Wagtail 8 shows in its admin without an Italian translation
# (tests/core/test_admin_messages.py compares Wagtail's catalogues with ours).
WAGTAIL_UNTRANSLATED = [
    gettext_lazy("- Select an option -"),
    gettext_lazy("A human-readable label to identify this token."),
    gettext_lazy("created"),
    gettext_lazy("revoked at"),
    gettext_lazy("last used at"),
    gettext_lazy("API token"),
    gettext_lazy("API tokens"),
    gettext_lazy("Create API token"),
    gettext_lazy("API token created"),
    gettext_lazy("Revoke API token"),
    gettext_lazy("API token revoked"),
    gettext_lazy("%(model_name)s scheduled for publishing at %(go_live_at)s"),
    gettext_lazy("%(model_name)s scheduled for publishing"),
    gettext_lazy("%(model_name)s unscheduled for publishing at %(go_live_at)s"),
    gettext_lazy("%(model_name)s unscheduled from publishing"),
    gettext_lazy('You do not have permission to publish pages at "%(page_title)s"'),
    gettext_lazy("Actions (footer)"),
    gettext_lazy("View latest version"),
    gettext_lazy("Currently idle"),
    gettext_lazy("Proceeding will overwrite the changes you made in that window."),
    gettext_lazy("Proceeding will overwrite the changes made by %(user_name)s."),
    gettext_lazy("Alternatively, you can view the latest version in a new tab."),
    gettext_lazy("A network error occurred"),
    gettext_lazy(
        "Troubleshoot your connection to the site before proceeding. "
        "Open the editor in a separate tab to view the last saved version."
    ),
    gettext_lazy("Cancelled by %(cancelled_by)s"),
    gettext_lazy("Meta description is empty"),
    gettext_lazy("Add a concise description for search engines"),
    gettext_lazy("Locked by"),
    gettext_lazy("Anyone"),
    gettext_lazy("Yes, revoke"),
    gettext_lazy("No, don't revoke"),
    gettext_lazy(
        'The token "%(name)s" has been created, copy it now, it will never be shown again.'
    ),
    gettext_lazy("Copy token"),
    gettext_lazy("Back to API tokens"),
    gettext_lazy("Copying failed — please select and copy the token manually."),
    gettext_lazy("Revoked"),
    gettext_lazy("Last used"),
    gettext_lazy("Token"),
    gettext_lazy("Revoke"),
    gettext_lazy("Never"),
    gettext_lazy("Are you sure you want to revoke this API token?"),
    gettext_lazy("API token '%(name)s' revoked."),
    gettext_lazy("unknown number"),
    gettext_lazy("Maximum filesize: %(max_upload_size)s."),
]
