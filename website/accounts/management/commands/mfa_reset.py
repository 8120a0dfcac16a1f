"""Removes a person's second factors when they lost their device (a superuser's act)."""

import getpass

from django.core.management.base import BaseCommand, CommandError

from website.accounts.models import User
from website.accounts.services import authenticators_reset


class Command(BaseCommand):
    help = (
        "Remove every two-factor authenticator (app and recovery codes) of the person "
        "with this e-mail address, after a lost device. The reset is logged."
    )

    def add_arguments(self, parser):
        parser.add_argument("email")
        parser.add_argument(
            "--by",
            default=None,
            help="Who asks for the reset, for the log (default: the system user running it).",
        )

    def handle(self, *args, email, by, **options):
        person = User.objects.filter(email__iexact=email).first()
        if person is None:
            raise CommandError(f"No user with the e-mail address {email}.")
        count = authenticators_reset(person=person, reset_by=by or f"{getpass.getuser()} (shell)")
        self.stdout.write(f"Removed {count} authenticator(s) of {person.email}.")
