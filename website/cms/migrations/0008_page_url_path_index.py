"""An index on Wagtail's page url_path: the home page routes a whole path with one lookup on it."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("cms", "0007_sections_in_the_menu"),
        ("wagtailcore", "0001_initial"),
    ]

    operations = [
        migrations.RunSQL(
            "CREATE INDEX IF NOT EXISTS cms_page_url_path_idx ON wagtailcore_page (url_path)",
            "DROP INDEX IF EXISTS cms_page_url_path_idx",
        ),
    ]
