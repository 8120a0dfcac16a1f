"""Training managers see every report (until now read from a register permission)."""

from django.db import migrations, models

from website.accounts.migration_utils import grant_to_role


def grant(apps, schema_editor):
    grant_to_role(apps, "training_manager", ["reports.view_all"])


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('accounts', '0004_role_codes_and_affiliation_capability'),
    ]

    operations = [
        migrations.CreateModel(
            name='ReportAccess',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
            ],
            options={
                'verbose_name': 'accesso ai report',
                'verbose_name_plural': 'accessi ai report',
                'permissions': [('view_all', 'Consultare ogni report')],
                'managed': False,
                'default_permissions': (),
            },
        ),
        migrations.RunPython(grant, migrations.RunPython.noop),
    ]
