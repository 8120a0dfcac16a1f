from django.urls import path

from . import views

app_name = "forums"

urlpatterns = [
    path("", views.forum_index, name="index"),
    path("cerca/", views.search, name="search"),
    path("moderazione/", views.moderation_queue, name="moderation"),
    path("preferenze/", views.preferences, name="preferences"),
    path("segna-tutto-letto/", views.mark_all_read, name="mark_all_read"),
    path("disiscrizione/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("discussioni/<int:pk>/", views.topic_detail, name="topic"),
    path("discussioni/<int:pk>/primo-non-letto/", views.topic_first_unread, name="first_unread"),
    path("discussioni/<int:pk>/rispondi/", views.topic_reply, name="reply"),
    path("discussioni/<int:pk>/segui/", views.topic_follow, name="topic_follow"),
    path("discussioni/<int:pk>/modera/", views.topic_moderate, name="topic_moderate"),
    path("discussioni/<int:pk>/sposta/", views.topic_move, name="topic_move"),
    path("discussioni/<int:pk>/anteprima/", views.topic_preview, name="topic_preview"),
    path("discussioni/<int:pk>/persone/", views.topic_mentions, name="topic_mentions"),
    path("messaggi/<int:pk>/", views.post_permalink, name="post"),
    path("messaggi/<int:pk>/frammento/", views.post_fragment, name="post_fragment"),
    path("messaggi/<int:pk>/modifica/", views.post_edit, name="post_edit"),
    path("messaggi/<int:pk>/ritira/", views.post_delete, name="post_delete"),
    path("messaggi/<int:pk>/reazione/", views.post_react, name="post_react"),
    path("messaggi/<int:pk>/segnala/", views.post_report, name="post_report"),
    path("messaggi/<int:pk>/versioni/", views.post_revisions, name="post_revisions"),
    path("messaggi/<int:pk>/modera/", views.post_moderate, name="post_moderate"),
    path("allegati/<int:pk>/<str:name>", views.attachment_download, name="attachment"),
    path("<slug:slug>/", views.forum_detail, name="forum"),
    path("<slug:slug>/nuova-discussione/", views.topic_create, name="topic_create"),
    path("<slug:slug>/segui/", views.forum_follow, name="forum_follow"),
    path("<slug:slug>/segna-come-letto/", views.forum_mark_read, name="forum_mark_read"),
    path("<slug:slug>/anteprima/", views.forum_preview, name="forum_preview"),
    path("<slug:slug>/persone/", views.forum_mentions, name="forum_mentions"),
]
