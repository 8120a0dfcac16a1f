"""Training managers manage every question bank and quiz, and grade every attempt."""

from django.db import migrations

from website.accounts.migration_utils import grant_to_role, model_perms


def grant(apps, schema_editor):
    grant_to_role(
        apps,
        "training_manager",
        [
            "quizzes.manage_quizzes",
            *model_perms("quizzes", "questioncategory"),
            *model_perms("quizzes", "question"),
            *model_perms("quizzes", "quiz"),
        ],
    )


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0004_role_codes_and_affiliation_capability"),
        ("quizzes", "0001_initial"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
