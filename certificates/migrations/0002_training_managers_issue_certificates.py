"""Training managers issue, revoke and reissue certificates and keep templates and rules."""

from django.db import migrations

from website.accounts.migration_utils import grant, model_perms

TRAINING_MANAGERS = "Gestori della formazione"


def permissions():
    return [
        *model_perms("certificates", "certificate", ("add", "change", "view")),
        *model_perms("certificates", "certificatetemplate"),
        *model_perms("certificates", "certificaterule"),
        *model_perms("certificates", "issuerun", ("view",)),
        *model_perms("certificates", "certificateevent", ("view",)),
    ]


def grant_certificate_permissions(apps, schema_editor):
    grant(apps, TRAINING_MANAGERS, permissions())


def revoke_certificate_permissions(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group = Group.objects.filter(name=TRAINING_MANAGERS).first()
    if group is not None:
        group.permissions.remove(
            *Permission.objects.filter(content_type__app_label="certificates")
        )


class Migration(migrations.Migration):
    dependencies = [
        ("certificates", "0001_initial"),
        ("accounts", "0002_roles"),
    ]

    operations = [
        migrations.RunPython(grant_certificate_permissions, revoke_certificate_permissions)
    ]
