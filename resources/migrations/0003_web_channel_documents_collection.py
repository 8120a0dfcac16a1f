"""Editors' document rights move from the root collection to a "Canale web" collection.

Rights given on the root collection reach every collection below it, the
learning materials' one included, so editors could list, replace and delete
materials (staff-only ones too) from Wagtail's document admin, past the
resources app's audience rules, content checks and versions. From here on the
web channel's documents live in their own collection and the materials'
documents are reached only through the resources app.
"""

from django.db import migrations

WEB_CHANNEL = "Canale web"
DOCUMENT_CODENAMES = ["add_document", "change_document", "delete_document", "choose_document"]


def move_document_rights(apps, schema_editor):
    Collection = apps.get_model("wagtailcore", "Collection")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")
    Document = apps.get_model("wagtaildocs", "Document")
    root = Collection.objects.filter(depth=1).first()
    if root is None:
        return
    web_channel = Collection.objects.filter(depth=2, name=WEB_CHANNEL).first()
    if web_channel is None:
        # treebeard's API is not available on historical models: add the child by hand.
        last = Collection.objects.filter(depth=2).order_by("-path").first()
        step = int(last.path[4:8], 36) + 1 if last else 1
        path = root.path + _base36(step).rjust(4, "0")
        web_channel = Collection.objects.create(name=WEB_CHANNEL, depth=2, path=path, numchild=0)
        root.numchild += 1
        root.save(update_fields=["numchild"])
    rights = GroupCollectionPermission.objects.filter(
        collection=root,
        permission__content_type__app_label="wagtaildocs",
        permission__codename__in=DOCUMENT_CODENAMES,
    )
    for right in rights:
        GroupCollectionPermission.objects.get_or_create(
            group=right.group, collection=web_channel, permission=right.permission
        )
    rights.delete()
    Document.objects.filter(collection=root).update(collection=web_channel)


def _base36(number):
    digits = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    out = ""
    while number:
        number, remainder = divmod(number, 36)
        out = digits[remainder] + out
    return out or "0"


class Migration(migrations.Migration):
    dependencies = [
        ("resources", "0002_training_managers_manage_resources"),
        ("accounts", "0002_roles"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtaildocs", "0014_alter_document_file_size"),
    ]

    operations = [migrations.RunPython(move_document_rights, migrations.RunPython.noop)]
