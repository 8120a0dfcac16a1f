import os
import signal
import subprocess
import sys

import uvicorn
from django.conf import settings
from django.core.management.base import BaseCommand


def port_mismatch(port: int) -> bool:
    """Dev settings derived SITE_URL from another port than the one about to be served."""
    return getattr(settings, "SITE_URL_FROM_PORT", False) and os.environ.get("PORT") != str(port)


class Command(BaseCommand):
    help = (
        "Serve HTTP and websockets with uvicorn and, beside it, run the background-task "
        "worker and the periodic jobs (stopped when the server stops). What `make run` uses."
    )

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument(
            "--no-worker",
            action="store_true",
            help="Do not start the background-task worker and the periodic jobs.",
        )

    def handle(self, *args, host, port, no_worker, **options):
        if port_mismatch(port):
            # Settings are read once, at start: start again with PORT set, so that this
            # server, its worker and its periodic jobs all write links on this port.
            os.environ["PORT"] = str(port)
            os.execv(sys.executable, [sys.executable, *sys.argv])
        helpers = []
        if not no_worker:
            # No reloader: it would fork a child that outlives this command when
            # the command is stopped, and the server itself does not reload either.
            worker = ["db_worker", "--no-reload", "--verbosity", "0"]
            helpers = [
                subprocess.Popen([sys.executable, "manage.py", *worker]),
                subprocess.Popen([sys.executable, "manage.py", "run_periodic"]),
            ]
        # uvicorn re-raises the SIGTERM it handled once it has shut down; as an
        # exit, not a kill, it lets the helpers below be stopped too.
        signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
        try:
            uvicorn.run(
                "website.asgi:application",
                host=host,
                port=port,
                ws="websockets-sansio",
                lifespan="off",
                log_level="info",
            )
        finally:
            for process in helpers:
                process.terminate()
            for process in helpers:
                process.wait(timeout=10)
