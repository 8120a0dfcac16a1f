"""The platform's roles as groups, with what each may do in the admin.

Wagtail's own "Editors" group becomes our editors' group (keeping the page,
image and document permissions Wagtail gave it); the others are new.
"""

from django.db import migrations

from website.accounts.migration_utils import grant, model_perms

ROLE_NAMES = [
    "Operatori",
    "Dirigenti di CPI",
    "Responsabili di cluster",
    "Docenti",
    "Coach",
    "Redattori",
    "Gestori della formazione",
]


def create_roles(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    wagtail_editors = Group.objects.filter(name="Editors").first()
    if wagtail_editors and not Group.objects.filter(name="Redattori").exists():
        wagtail_editors.name = "Redattori"
        wagtail_editors.save(update_fields=["name"])
    for name in ROLE_NAMES:
        Group.objects.get_or_create(name=name)

    grant(apps, "Redattori", ["wagtailadmin.access_admin"])
    grant(
        apps,
        "Gestori della formazione",
        [
            "wagtailadmin.access_admin",
            *model_perms("accounts", "region"),
            *model_perms("accounts", "cluster"),
            *model_perms("accounts", "employmentcentre"),
            *model_perms("accounts", "user", ("add", "change", "view")),
        ],
    )


def remove_roles(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Group.objects.filter(name__in=[n for n in ROLE_NAMES if n != "Redattori"]).delete()
    Group.objects.filter(name="Redattori").update(name="Editors")


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailadmin", "0006_formstate"),
        ("wagtailimages", "0027_image_description"),
        ("wagtaildocs", "0014_alter_document_file_size"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
