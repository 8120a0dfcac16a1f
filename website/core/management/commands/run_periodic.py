import time

from django.core.management.base import BaseCommand

from website.core.periodic import registered_jobs, run_due_jobs


class Command(BaseCommand):
    help = "Run the periodic jobs of every app when they are due (see website.core.periodic)."

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="Run what is due, then exit.")
        parser.add_argument(
            "--interval", type=int, default=30, help="Seconds between checks (default 30)."
        )

    def handle(self, *args, once, interval, **options):
        if once:
            self.report(run_due_jobs())
            return
        self.stdout.write(f"Periodic jobs: {', '.join(sorted(registered_jobs())) or 'none'}")
        while True:
            self.report(run_due_jobs())
            time.sleep(interval)

    def report(self, names):
        for name in names:
            self.stdout.write(f"ran {name}")
