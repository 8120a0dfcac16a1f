import datetime
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from website.core.backups import backup_create
from website.core.exceptions import Refused


class Command(BaseCommand):
    help = (
        "Write the database (SQLite's backup API or pg_dump -Fc) and MEDIA_ROOT to one tar "
        "archive; `manage.py restore` reads it back."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--output",
            help="Archive to write (default: aula-backup-<UTC time>.tar in the current folder).",
        )

    def handle(self, *args, output, **options):
        if output is None:
            moment = datetime.datetime.now(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")
            output = f"aula-backup-{moment}.tar"
        path = Path(output).resolve()
        try:
            manifest = backup_create(output=path)
        except Refused as error:  # the backup or restore cannot be done; nothing changed
            raise CommandError(str(error)) from error
        self.stdout.write(f"Backup of the {manifest['database']} database and media: {path}")
