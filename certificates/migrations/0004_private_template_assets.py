"""The templates' image links give way to their private copies (see 0003)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("certificates", "0003_template_asset_files"),
    ]

    operations = [
        migrations.RemoveField(model_name="certificatetemplate", name="logo"),
        migrations.RemoveField(model_name="certificatetemplate", name="signature"),
        migrations.RenameField(
            model_name="certificatetemplate", old_name="logo_file", new_name="logo"
        ),
        migrations.RenameField(
            model_name="certificatetemplate", old_name="signature_file", new_name="signature"
        ),
    ]
