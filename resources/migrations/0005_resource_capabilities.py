"""Training managers publish anywhere; staff see staff-only materials; teachers publish in the courses they teach."""

from django.db import migrations

from website.accounts.migration_utils import grant_to_role


def grant(apps, schema_editor):
    grant_to_role(
        apps, "training_manager", ["resources.manage_library", "resources.view_staff_materials"]
    )
    grant_to_role(
        apps, "teacher", ["resources.view_staff_materials", "resources.share_course_material"]
    )
    grant_to_role(apps, "coach", ["resources.view_staff_materials"])


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0004_role_codes_and_affiliation_capability"),
        ("resources", "0004_description_max_length"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="resource",
            options={
                "ordering": ["-published_on", "title"],
                "permissions": [
                    ("manage_library", "Pubblicare risorse in ogni corso e nella biblioteca"),
                    (
                        "view_staff_materials",
                        "Consultare le risorse riservate allo staff e le versioni precedenti",
                    ),
                    (
                        "share_course_material",
                        "Pubblicare risorse nei corsi di cui si tengono edizioni",
                    ),
                ],
                "verbose_name": "risorsa",
                "verbose_name_plural": "risorse",
            },
        ),
        migrations.RunPython(grant, migrations.RunPython.noop),
    ]
