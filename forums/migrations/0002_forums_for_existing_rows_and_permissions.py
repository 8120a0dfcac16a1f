"""The forums that must exist from the start, profiles for existing people, admin rights.

- the community forum and the announcements forum;
- one forum per existing cluster and per existing course edition (new ones get
  theirs from the signals in forums/signals.py);
- a forum profile (the @handle) for every existing person;
- training managers manage forums in the Wagtail admin and read the moderation log.
"""

from django.db import migrations

from forums.naming import (
    DEFAULT_FORUMS,
    cluster_forum_fields,
    edition_forum_fields,
    handle_base,
    handle_candidates,
)
from website.accounts.migration_utils import grant, model_perms


def create_forums_and_profiles(apps, schema_editor):
    Forum = apps.get_model("forums", "Forum")
    Cluster = apps.get_model("accounts", "Cluster")
    Edition = apps.get_model("courses", "Edition")
    User = apps.get_model("accounts", "User")
    ForumProfile = apps.get_model("forums", "ForumProfile")

    for spec in DEFAULT_FORUMS:
        fields = dict(spec)
        Forum.objects.get_or_create(slug=fields.pop("slug"), defaults=fields)
    for cluster in Cluster.objects.filter(forum__isnull=True):
        Forum.objects.create(cluster=cluster, **cluster_forum_fields(cluster))
    for edition in Edition.objects.filter(forum__isnull=True).select_related("course"):
        Forum.objects.create(edition=edition, **edition_forum_fields(edition, edition.course))

    taken = set(ForumProfile.objects.values_list("handle", flat=True))
    for user in User.objects.filter(forum_profile__isnull=True).order_by("pk"):
        handle = next(
            h for h in handle_candidates(handle_base(user.first_name, user.last_name, user.pk))
            if h not in taken
        )
        ForumProfile.objects.create(user=user, handle=handle)
        taken.add(handle)

    grant(
        apps,
        "Gestori della formazione",
        [
            *model_perms("forums", "forum"),
            *model_perms("forums", "moderationaction", ("view",)),
        ],
    )


class Migration(migrations.Migration):
    dependencies = [
        ("forums", "0001_initial"),
        ("accounts", "0002_roles"),
        ("courses", "0001_initial"),
    ]

    operations = [migrations.RunPython(create_forums_and_profiles, migrations.RunPython.noop)]
