from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from website.core.backups import backup_restore
from website.core.exceptions import Refused


class Command(BaseCommand):
    help = (
        "Replace the database and MEDIA_ROOT with those of an archive written by "
        "`manage.py backup`. Stop the web servers, workers and periodic runner first."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", help="The archive written by `manage.py backup`.")
        parser.add_argument(
            "--no-input",
            "--noinput",
            action="store_false",
            dest="interactive",
            help="Do not ask for confirmation.",
        )

    def handle(self, *args, archive, interactive, **options):
        path = Path(archive)
        if not path.is_file():
            raise CommandError(f"No such archive: {path}")
        if interactive:
            answer = input(
                "This replaces the whole database and every uploaded file with the backup's. "
                "Type 'yes' to go on: "
            )
            if answer.strip() != "yes":
                raise CommandError("Restore cancelled; nothing was changed.")
        try:
            manifest = backup_restore(archive_path=path)
        except Refused as error:  # the backup or restore cannot be done; nothing changed
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"Restored the database and media of {manifest['created_at']} from {path}. "
            "Run `manage.py migrate` if this release is newer than the backup."
        )
