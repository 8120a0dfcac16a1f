import subprocess
import sys

import uvicorn
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = (
        "Serve HTTP and websockets with uvicorn and, beside it, run the background-task "
        "worker (stopped when the server stops). What `make run` uses."
    )

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument(
            "--no-worker", action="store_true", help="Do not start the background-task worker."
        )

    def handle(self, *args, host, port, no_worker, **options):
        worker = None
        if not no_worker:
            worker = subprocess.Popen([sys.executable, "manage.py", "db_worker"])
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
            if worker is not None:
                worker.terminate()
                worker.wait(timeout=10)
