from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CmsConfig(AppConfig):
    name = "website.cms"
    label = "cms"
    verbose_name = _("Canale web")

    def ready(self):
        from . import selectors, views
        from .page_behaviour import PageBehaviour, install

        install(
            PageBehaviour(
                content_page_extras=selectors.content_page_extras,
                collection_contents=selectors.collection_contents,
                home_sections=selectors.home_sections,
                act_relations=selectors.act_relations,
                index_context=views.index_context,
                registration_context=views.registration_context,
                register_view=views.register_view,
                unregister_view=views.unregister_view,
            )
        )

        _connect_page_cache()


def _connect_page_cache() -> None:
    """What the channel's pages show beyond the pages themselves (Wagtail's page events and
    the site-wide models are connected in website.core.generations)."""
    from courses.models import Course, Edition, Programme
    from website.accounts.models import Cluster, EmploymentCentre
    from website.core.generations import bump_content_on_change

    from .models import ContentKind, EventRegistration, ThematicArea

    bump_content_on_change(
        ThematicArea,
        ContentKind,
        # "places left" on an event page
        EventRegistration,
        # the home page's upcoming editions, with their course and cluster
        Programme,
        Course,
        Edition,
        Cluster,
        # a good practice's centre
        EmploymentCentre,
    )
