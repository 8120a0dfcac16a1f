"""The channel's sections appear in the main menu, which is built from the page tree.

The menu lists the live pages under the home page marked "show in menus", in the
order editors give them in the tree (see website/core/navigation.py). The
sections the site starts with (news, press reviews, acts, documents, events,
good practices) are marked here, so press reviews, documents, events and good
practices are reachable from every page; the page's latest revision is marked
too, so that the next edit does not take the section out of the menu again.
"""

from django.db import migrations

SECTION_MODELS = [
    "newsindexpage",
    "pressreviewindexpage",
    "regulationindexpage",
    "documentcollectionpage",
    "eventindexpage",
    "goodpracticeindexpage",
]


def show_sections(apps, schema_editor):
    Page = apps.get_model("wagtailcore", "Page")
    Revision = apps.get_model("wagtailcore", "Revision")
    ContentType = apps.get_model("contenttypes", "ContentType")
    HomePage = apps.get_model("cms", "HomePage")
    types = ContentType.objects.filter(app_label="cms", model__in=SECTION_MODELS)
    for home in HomePage.objects.all():
        sections = Page.objects.filter(
            path__startswith=home.path, depth=home.depth + 1, content_type__in=types
        )
        for page in sections:
            Page.objects.filter(pk=page.pk).update(show_in_menus=True)
            if page.latest_revision_id:
                revision = Revision.objects.filter(pk=page.latest_revision_id).first()
                if revision is not None and isinstance(revision.content, dict):
                    revision.content["show_in_menus"] = True
                    revision.save(update_fields=["content"])


class Migration(migrations.Migration):
    dependencies = [
        ("cms", "0006_search_index_on_postgresql"),
    ]

    operations = [migrations.RunPython(show_sections, migrations.RunPython.noop)]
