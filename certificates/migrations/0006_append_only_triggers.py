"""On PostgreSQL, certificates' events refuse UPDATE and DELETE, and certificates
refuse DELETE (they are revoked instead), whoever connects."""

from django.db import migrations

from website.core.migration_utils import append_only


class Migration(migrations.Migration):
    dependencies = [
        ("certificates", "0005_certificate_history_protected"),
        ("core", "0003_append_only_trigger_function"),
    ]

    operations = [
        append_only("certificates_certificateevent"),
        append_only("certificates_certificate", deletes_only=True),
    ]
