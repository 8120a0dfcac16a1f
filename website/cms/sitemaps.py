from django.contrib.sitemaps import Sitemap as DjangoSitemap
from wagtail.contrib.sitemaps import Sitemap

from website.core.links import site_netloc, site_scheme


class ChannelSitemap(Sitemap):
    """Every live public page of the site, on the public origin (SITE_URL), read as plain pages.

    Wagtail's own sitemap loads each page as its specific type so that a type
    may add URLs of its own (none of ours does) and takes the origin from the
    Site record; plain pages make the map of 7,000 pages several times faster.
    """

    def items(self):
        return (
            self.get_wagtail_site()
            .root_page.get_descendants(inclusive=True)
            .live()
            .public()
            .order_by("path")
            .only(
                "id",
                "path",
                "depth",
                "url_path",
                "last_published_at",
                "latest_revision_created_at",
                "locale_id",
                "content_type_id",
            )
        )

    def location(self, obj):
        return obj.get_url(self.request)

    def get_protocol(self, protocol=None):
        return site_scheme()

    def get_domain(self, site=None):
        return site_netloc()

    # Django's own (private) page listing, which the stubs leave out.
    _urls = DjangoSitemap._urls  # type: ignore[attr-defined]
