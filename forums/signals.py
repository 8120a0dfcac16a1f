"""Forums that exist because something else does: one per cluster, one per course edition.

Each person also gets a forum profile (their @handle) when their account is
created, so that they can be mentioned before they ever post.
"""

from django.conf import settings
from django.db.models.signals import post_save
from django.dispatch import receiver

from courses.models import Edition
from website.accounts.models import Cluster

from . import services


@receiver(post_save, sender=Cluster, dispatch_uid="forums_cluster_forum")
def create_cluster_forum(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        services.forum_ensure_for_cluster(instance)


@receiver(post_save, sender=Edition, dispatch_uid="forums_edition_forum")
def create_edition_forum(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        services.forum_ensure_for_edition(instance)


@receiver(post_save, sender=settings.AUTH_USER_MODEL, dispatch_uid="forums_profile")
def create_forum_profile(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        services.forum_profile_ensure(user=instance)
