"""The bursts of bench_bursts.py, as locust users (run headless by it, never alone).

BURST_SCENARIO=checkin: each user is one learner of the classroom (a session cookie
from BURST_DATA). How they arrive is the data's ``pattern``:

- ``spread``: learner *i* of *n* arrives at ``BURST_AT + i/n`` seconds (uniformly over
  one second), opens the check-in form and sends the code at once: n check-ins within
  one second, the issue's "30 check-ins in the same second";
- ``once``: every learner opens the form first, then all send the code at the same
  instant ``BURST_AT`` (for information: pure queueing on two cores).

BURST_SCENARIO=dashboard: each user opens "La mia formazione" once, users spawned at
the rate bench_bursts.py gives (300 in ten seconds).

Each user makes its requests once; the last one to finish ends the run (locust's
``--run-time`` only bounds it). Cookies travel in a header: the production settings
mark them Secure, which the HTTP client would otherwise keep from a plain-HTTP
loopback server.
"""

import json
import os
import re
import time
from itertools import count
from pathlib import Path

import gevent
from locust import HttpUser, constant, task

SCENARIO = os.environ["BURST_SCENARIO"]
DATA = json.loads(Path(os.environ["BURST_DATA"]).read_text())
START_AT = float(os.environ.get("BURST_AT", "0"))
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
_next_user = count()
_finished = count(1)


def _cookies(**cookies: str) -> str:
    return "; ".join(f"{name}={value}" for name, value in cookies.items())


class Learner(HttpUser):
    wait_time = constant(0)

    def on_start(self):
        pool = DATA["burst"] if SCENARIO == "checkin" else DATA["dashboard"]
        self.index = next(_next_user)
        self.session_cookie = pool[self.index % len(pool)]

    def _done(self):
        """One round per user: the last user to finish stops the run, the others wait.

        Three seconds later: locust rewrites the CSV of its statistics every second, and
        quitting does not write them again.
        """
        if next(_finished) >= self.environment.runner.target_user_count:
            gevent.spawn_later(3, self.environment.runner.quit)
        gevent.sleep(3600)

    @task
    def burst(self):
        cookie = {DATA["cookie_name"]: self.session_cookie}
        if SCENARIO == "dashboard":
            with self.client.get(
                "/la-mia-formazione/",
                headers={"Cookie": _cookies(**cookie)},
                name="dashboard",
                catch_response=True,
                allow_redirects=False,
            ) as response:
                if response.status_code != 200:
                    response.failure(f"HTTP {response.status_code}")
            self._done()
        if DATA["pattern"] == "spread":
            arrives = START_AT + self.index / len(DATA["burst"])
            gevent.sleep(max(arrives - time.time(), 0))
        form = self.client.get(
            DATA["check_in_path"], headers={"Cookie": _cookies(**cookie)}, name="check-in form"
        )
        csrf = {name: value for name, value in form.cookies.items() if "csrf" in name}
        token = TOKEN.search(form.text)
        if DATA["pattern"] == "once":
            gevent.sleep(max(START_AT - time.time(), 0))
        with self.client.post(
            DATA["check_in_path"],
            data={"csrfmiddlewaretoken": token.group(1) if token else "", "code": DATA["code"]},
            headers={"Cookie": _cookies(**cookie, **csrf), "Referer": form.url},
            name="check-in",
            catch_response=True,
            allow_redirects=False,
        ) as response:
            # Success is the redirect to the dashboard; a refusal re-renders the form (200).
            if response.status_code != 302:
                response.failure(f"HTTP {response.status_code}")
        self._done()
