"""RSS 2.0 and Atom feeds: news, regulations, and everything in one thematic area."""

from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed, SyndicationFeed
from django.utils.translation import gettext_lazy as _

from website.core.links import absolute_url

from . import selectors
from .models import NewsPage, RegulationPage, ThematicArea


class ChannelFeed(Feed):
    """A feed of channel pages; links are absolute, on the site's public origin (SITE_URL)."""

    feed_type: type[SyndicationFeed] = Rss201rev2Feed
    language = "it"
    url_name = ""

    def __call__(self, request, *args, **kwargs):
        self.request = request
        return super().__call__(request, *args, **kwargs)

    def link(self, obj=None):
        return absolute_url("/")

    def feed_url(self, obj=None):
        kwargs = {"slug": obj.slug} if obj is not None else {}
        return absolute_url(self.url_name, **kwargs)

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.intro

    def item_link(self, item):
        return absolute_url(item.get_url(self.request))

    def item_pubdate(self, item):
        return item.first_published_at

    def item_updateddate(self, item):
        return item.last_published_at

    def item_categories(self, item):
        return [area.name for area in item.thematic_areas.all()]


class NewsFeed(ChannelFeed):
    title = _("Aula · Notizie")
    description = _("Le notizie del canale sui servizi per l'impiego.")
    url_name = "cms:news_rss"

    def items(self):
        return selectors.feed_pages(NewsPage.objects.all())


class NewsAtomFeed(NewsFeed):
    feed_type = Atom1Feed
    subtitle = NewsFeed.description
    url_name = "cms:news_atom"


class RegulationFeed(ChannelFeed):
    title = _("Aula · Normativa")
    description = _("Gli atti aggiunti alla raccolta normativa.")
    url_name = "cms:regulations_rss"

    def items(self):
        return selectors.feed_pages(RegulationPage.objects.all())

    def item_description(self, item):
        return f"{item.citation}. {item.intro}"


class RegulationAtomFeed(RegulationFeed):
    feed_type = Atom1Feed
    subtitle = RegulationFeed.description
    url_name = "cms:regulations_atom"


class AreaFeed(ChannelFeed):
    url_name = "cms:area_rss"

    def get_object(self, request, slug):
        return get_object_or_404(ThematicArea, slug=slug)

    def title(self, obj):
        return _("Aula · %(area)s") % {"area": obj.name}

    def description(self, obj):
        return obj.description or _("Tutti i contenuti dell'area «%(area)s».") % {"area": obj.name}

    def items(self, obj):
        return selectors.area_feed_pages(obj)


class AreaAtomFeed(AreaFeed):
    feed_type = Atom1Feed
    url_name = "cms:area_atom"

    def subtitle(self, obj):
        return self.description(obj)
