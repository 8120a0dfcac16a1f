"""Roles get a stable code, so the groups' names are only labels.

Each role group made by ``0002_roles`` (and the editors-in-chief, Wagtail's
"Moderators" until the web channel's workflow migration renames them) is tied
to its code, matched by the name it has today; a missing group is created.
Then the training managers get the first capability, deciding every
affiliation.
"""

import django.db.models.deletion
from django.db import migrations, models

from website.accounts.migration_utils import grant_to_role

# code → the names the group may have today, the one to create first.
ROLE_NAMES = {
    "operator": ["Operatori"],
    "centre_manager": ["Dirigenti di CPI"],
    "cluster_lead": ["Responsabili di cluster"],
    "teacher": ["Docenti"],
    "coach": ["Coach"],
    "editor": ["Redattori", "Editors"],
    "editor_in_chief": ["Caporedattori", "Moderators"],
    "training_manager": ["Gestori della formazione"],
}


def tie_groups_to_codes(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    RoleGroup = apps.get_model("accounts", "RoleGroup")
    for code, names in ROLE_NAMES.items():
        group = Group.objects.filter(name__in=names).order_by("pk").first()
        if group is None:
            group = Group.objects.create(name=names[0])
        RoleGroup.objects.update_or_create(code=code, defaults={"group": group})
    grant_to_role(apps, "training_manager", ["accounts.grant_affiliation"])


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0003_affiliation_requests"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [
        migrations.CreateModel(
            name="RoleGroup",
            fields=[
                (
                    "group",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="role",
                        serialize=False,
                        to="auth.group",
                        verbose_name="gruppo",
                    ),
                ),
                (
                    "code",
                    models.CharField(
                        choices=[
                            ("operator", "Operatori"),
                            ("centre_manager", "Dirigenti di CPI"),
                            ("cluster_lead", "Responsabili di cluster"),
                            ("teacher", "Docenti"),
                            ("coach", "Coach"),
                            ("editor", "Redattori"),
                            ("editor_in_chief", "Caporedattori"),
                            ("training_manager", "Gestori della formazione"),
                        ],
                        max_length=40,
                        unique=True,
                        verbose_name="codice",
                    ),
                ),
            ],
            options={
                "verbose_name": "ruolo",
                "verbose_name_plural": "ruoli",
            },
        ),
        migrations.AlterModelOptions(
            name="affiliationrequest",
            options={
                "ordering": ["-created_at", "-pk"],
                "permissions": [("grant_affiliation", "Decidere ogni appartenenza a un centro")],
                "verbose_name": "richiesta di appartenenza",
                "verbose_name_plural": "richieste di appartenenza",
            },
        ),
        migrations.RunPython(tie_groups_to_codes, migrations.RunPython.noop),
    ]
