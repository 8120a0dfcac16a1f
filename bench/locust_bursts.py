"""The bursts of bench_bursts.py, as locust users (run headless by it, never alone).

BURST_SCENARIO=checkin: each user is one learner of the classroom (a session cookie
from BURST_DATA). How they arrive is the data's ``pattern``:

- ``spread``: learner *i* of *n* arrives at ``BURST_AT + i/n`` seconds (uniformly over
  one second), opens the check-in form and sends the code at once: n check-ins within
  one second, the issue's "30 check-ins in the same second";
- ``random``: the n learners arrive at random instants within that second (uniform,
  drawn with the data's ``seed``, so a run can be repeated): arrivals as chance has them,
  clumps included, like a Poisson process that brought n in the second;
- ``once``: every learner opens the form first, then all send the code at the same
  instant ``BURST_AT`` (for information: pure queueing on two cores).

BURST_SCENARIO=dashboard: each user opens "La mia formazione" once. How they arrive is
again the data's ``pattern``:

- ``spread``: person *i* of *n* arrives at ``BURST_AT + i * seconds / n`` (uniformly over
  the data's ``seconds``): the issue's "300 dashboard loads in ten seconds";
- ``random``: at random instants within those seconds, as for the check-ins;
- ``ticks``: as locust spawns them at a rate of 30 a second, which it does 30 at a time at
  the start of each second (its dispatcher's step is the whole rate): ten bursts of 30
  simultaneous requests (for information: queueing on two cores, like ``once``).

Each user makes its requests once; the last one to finish ends the run (locust's
``--run-time`` only bounds it). Cookies travel in a header: the production settings
mark them Secure, which the HTTP client would otherwise keep from a plain-HTTP
loopback server.
"""

import json
import os
import random
import re
import time
from functools import cache
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


@cache
def _random_offsets(users: int) -> list[float]:
    draw = random.Random(DATA["seed"])
    return sorted(draw.uniform(0, DATA["seconds"]) for _ in range(users))


def _arrive(index: int, users: int) -> None:
    """Wait for the instant user ``index`` of ``users`` is due, if the pattern paces them."""
    if DATA["pattern"] == "spread":
        offset = index * DATA["seconds"] / users
    elif DATA["pattern"] == "random":
        offset = _random_offsets(users)[index]
    else:
        return
    gevent.sleep(max(START_AT + offset - time.time(), 0))


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
            _arrive(self.index, self.environment.runner.target_user_count)
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
        _arrive(self.index, len(DATA["burst"]))
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
