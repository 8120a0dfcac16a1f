import importlib
import importlib.util

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction
from django.urls import get_resolver


class Command(BaseCommand):
    help = (
        "Create the demo data of every app (idempotent: running it again changes nothing). "
        "Each app contributes a `demo.seed(scale=..., log=...)`, run in INSTALLED_APPS order, "
        "and may offer `demo.logins()`: the password and the (email, description) to print."
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

    def handle(self, *args, scale, quiet_logins, **options):
        if scale < 1:
            self.stderr.write("--scale must be at least 1")
            raise SystemExit(2)
        # Wagtail indexes the references of a viewset's model only once the admin's URLconf
        # has registered the viewset, as the first request of a server does. Load it first, or
        # a seed in a fresh process misses the organisation's references and the next seed
        # adds them: not idempotent.
        get_resolver().url_patterns  # noqa: B018
        logins = []
        for app_config in apps.get_app_configs():
            module_name = f"{app_config.name}.demo"
            if importlib.util.find_spec(module_name) is None:
                continue
            module = importlib.import_module(module_name)
            with transaction.atomic():
                module.seed(scale=scale, log=self.log)
            if hasattr(module, "logins"):
                logins.append(module.logins)
        if not quiet_logins:
            for app_logins in logins:
                self.print_logins(*app_logins())

    def print_logins(self, password, accounts):
        self.stdout.write(self.style.SUCCESS(f"\nDemo logins (password: {password})"))
        for email, description in accounts:
            self.stdout.write(f"  {email:28} {description}")

    def log(self, message):
        self.stdout.write(message)
