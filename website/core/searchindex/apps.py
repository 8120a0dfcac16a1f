from django.apps import AppConfig


class SearchIndexConfig(AppConfig):
    """Keeps the search index current when an indexed object is saved (see ``handlers``).

    Listed after ``wagtail.search`` in INSTALLED_APPS: its ``ready`` replaces the
    receivers that app connects.
    """

    name = "website.core.searchindex"
    label = "searchindex"

    def ready(self):
        from .handlers import index_on_save_instead_of_queueing

        index_on_save_instead_of_queueing()
