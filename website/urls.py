from django.conf import settings
from django.urls import include, path, re_path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.urls import serve_pattern

from website.accounts import views as account_views
from website.cms import page_cache
from website.cms import views as cms_views
from website.cms.sitemaps import ChannelSitemap
from website.core import views as core_views
from website.core.media import public_media

urlpatterns = [
    path("healthz", core_views.healthz, name="healthz"),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include("website.core.documents")),
    # Before allauth's own pattern for the same address (see the view).
    path(
        "account/saml/<organization_slug>/acs/finish/",
        account_views.saml_finish_acs,
        name="saml_finish_acs_guarded",
    ),
    path("account/", include("allauth.urls")),
    path("profilo/i-miei-dati/", include("website.privacy.urls")),
    path("profilo/", include("website.accounts.urls")),
    path("notifiche/", include("website.notifications.urls")),
    path("lingua/", core_views.set_language, name="set_language"),
    path("mappa-del-sito/", core_views.sitemap_page, name="sitemap_page"),
    path("", include("courses.urls")),
    path("presenze/", include("attendance.urls")),
    path("report/", include("reports.urls")),
    path("attestati/", include("certificates.urls")),
    path("ore-formazione/", include("records.urls")),
    path(".well-known/", include("certificates.wellknown_urls")),
    path("forum/", include("forums.urls")),
    path("risorse/", include("resources.urls")),
    path("quiz/", include("quizzes.urls")),
    path("formazione-online/", include("learning.urls")),
    path("qualita/", include("quality.urls")),
    path("pacchetti/", include("packages.urls")),
    path("questionari/", include("surveys.urls")),
    path("", include("website.cms.urls")),
    path("sitemap.xml", sitemap, {"sitemaps": {"pages": ChannelSitemap}}, name="sitemap"),
    path("robots.txt", cms_views.robots_txt, name="robots_txt"),
]

handler500 = "website.core.views.server_error"

if settings.SERVE_PUBLIC_MEDIA:
    # Public images only: the view refuses anything outside images/ and original_images/.
    urlpatterns.append(re_path(r"^media/(?P<path>.*)$", public_media, name="public_media"))

# Wagtail's pages, with the anonymous readers' copies in front (website/cms/page_cache.py);
# Wagtail's own _util/ views (the private pages' login and password forms) come first, as
# in wagtail.urls, since the serve pattern would match their paths too.
urlpatterns += [pattern for pattern in wagtail_urls.urlpatterns if "_util/" in str(pattern.pattern)]
urlpatterns.append(re_path(serve_pattern, page_cache.serve, name="wagtail_serve"))
urlpatterns.append(path("", include(wagtail_urls)))
