from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.urls import get_resolver

from demo import organisation
from demo.steps import STEPS


class Command(BaseCommand):
    help = (
        "Create the demo data (idempotent: running it again changes nothing). The steps of "
        "demo.steps run in their order; the demo accounts share a published password. Under "
        "production settings the command refuses unless given --allow-production, and then "
        "gives the accounts unusable passwords."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--scale",
            type=int,
            default=1,
            help="Multiply the volume of generated content (for load tests).",
        )
        parser.add_argument(
            "--quiet-logins", action="store_true", help="Do not print the demo logins."
        )
        parser.add_argument(
            "--allow-production",
            action="store_true",
            help="Seed even under production settings (the accounts get unusable passwords).",
        )

    def handle(self, *args, scale, quiet_logins, allow_production, **options):
        if scale < 1:
            raise CommandError("--scale must be at least 1", returncode=2)
        if settings.PRODUCTION and not allow_production:
            raise CommandError(
                "Refusing to seed the demo under production settings: it creates demo accounts "
                "and content. Pass --allow-production to seed anyway (the accounts then get "
                "unusable passwords).",
                returncode=2,
            )
        # A published password must never open an account of a production install: there
        # the accounts get unusable ones, and an administrator sets a real password for each
        # account meant to be used (`manage.py changepassword <email>`).
        password = None if settings.PRODUCTION else organisation.DEMO_PASSWORD
        token = organisation.LOGIN_PASSWORD.set(password)
        try:
            self.seed(scale)
            if not quiet_logins:
                self.print_logins(*organisation.logins())
        finally:
            organisation.LOGIN_PASSWORD.reset(token)

    def seed(self, scale):
        # Wagtail indexes the references of a viewset's model only once the admin's URLconf
        # has registered the viewset, as the first request of a server does. Load it first, or
        # a seed in a fresh process misses the organisation's references and the next seed
        # adds them: not idempotent.
        get_resolver().url_patterns  # noqa: B018
        for step in STEPS:
            with transaction.atomic():
                step.seed(scale=scale, log=self.log)

    def print_logins(self, password, accounts):
        if password is None:
            heading = "Demo logins (no usable password: set one with `manage.py changepassword`)"
        else:
            heading = f"Demo logins (password: {password})"
        self.stdout.write(self.style.SUCCESS(f"\n{heading}"))
        for email, description in accounts:
            self.stdout.write(f"  {email:28} {description}")

    def log(self, message):
        self.stdout.write(message)
