from django.urls import path

from . import feeds, views

app_name = "cms"

urlpatterns = [
    path("cerca/", views.search, name="search"),
    path("pagina-utile/", views.page_feedback, name="page_feedback"),
    path("feed/notizie/rss/", feeds.NewsFeed(), name="news_rss"),
    path("feed/notizie/atom/", feeds.NewsAtomFeed(), name="news_atom"),
    path("feed/normativa/rss/", feeds.RegulationFeed(), name="regulations_rss"),
    path("feed/normativa/atom/", feeds.RegulationAtomFeed(), name="regulations_atom"),
    path("feed/aree/<slug:slug>/rss/", feeds.AreaFeed(), name="area_rss"),
    path("feed/aree/<slug:slug>/atom/", feeds.AreaAtomFeed(), name="area_atom"),
]
