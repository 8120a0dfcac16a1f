"""Two app servers as one site: two uvicorn processes, two task workers and the periodic runner.

They run the production settings (tests/deploy/node_settings.py) on a fresh PostgreSQL
database of their own, migrated here, and Redis database 7, as nginx would reach them
(``Host: aula.example.it``, ``X-Forwarded-Proto: https``), and the test proves that a
login, a live post, a queued task, an uploaded file and a cache invalidation made
through one server hold on the other. Collected only when the suite runs on PostgreSQL
and Redis (tests/deploy/conftest.py): on SQLite with in-memory services each process
is an island by design.
"""

import base64
import email
import json
import os
import re
import secrets
import socket
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import environ
import psycopg
import pytest
import redis
import requests
from websockets.sync.client import connect

ROOT = Path(__file__).resolve().parents[2]
HOST = "aula.example.it"
ORIGIN = f"https://{HOST}"
REDIS_DATABASE = 7
STARTUP_SECONDS = 180
# Every variable the nodes read is set here; none of the test runner's own may leak in.
RUNNER_ONLY = {
    "DJANGO_SETTINGS_MODULE",
    "DATABASE_URL",
    "REDIS_URL",
    "SECRET_KEY",
    "SITE_URL",
    "ALLOWED_HOSTS",
    "CSRF_TRUSTED_ORIGINS",
    "CERTIFICATES_SIGNING_KEY",
    "MEDIA_ROOT",
    "EMAIL_URL",
    "TASKS_BACKEND",
    "CACHE_KEY_PREFIX",
    "PORT",
    "DEBUG",
    "PROTECTED_FILES_SERVER",
}
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"

pytestmark = [pytest.mark.postgres, pytest.mark.timeout(1800)]


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Site:
    a: int
    b: int
    dsn: str
    mail: Path
    topic: int
    password: str
    logs: Path
    processes: list[subprocess.Popen] = field(default_factory=list)

    def query(self, sql, *params):
        with psycopg.connect(self.dsn) as db:
            return db.execute(sql, params).fetchall()

    def log_tail(self):
        return "\n".join(
            f"--- {log.name}\n" + log.read_text(errors="replace")[-2000:]
            for log in sorted(self.logs.glob("*.log"))
        )


def _dsn(config, name):
    return psycopg.conninfo.make_conninfo(
        host=config["HOST"] or "127.0.0.1",
        port=str(config["PORT"] or 5432),
        user=config["USER"] or None,
        password=config["PASSWORD"] or None,
        dbname=name,
    )


def _database_url(config, name):
    auth = config["USER"] or ""
    if config["PASSWORD"]:
        auth += f":{config['PASSWORD']}"
    host = f"{config['HOST'] or '127.0.0.1'}:{config['PORT'] or 5432}"
    return f"postgres://{auth}@{host}/{name}"


def _run(command, env, logs, name, timeout):
    with (logs / f"{name}.log").open("w") as log:
        result = subprocess.run(
            [sys.executable, "manage.py", *command],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=log,
            text=True,
            timeout=timeout,
        )
    assert result.returncode == 0, (logs / f"{name}.log").read_text()[-3000:]
    return result.stdout


def _start(command, env, logs, name):
    log = (logs / f"{name}.log").open("w")
    return subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)


def _wait_until_healthy(port, process):
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        assert process.poll() is None, f"the app server on port {port} stopped"
        try:
            answer = requests.get(
                f"http://127.0.0.1:{port}/healthz", headers={"Host": HOST}, timeout=30
            )
            if answer.status_code == 200:
                return
        except requests.RequestException:  # not listening yet, or still starting
            pass
        time.sleep(0.5)
    raise AssertionError(f"the app server on port {port} did not answer in time")


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    runner = environ.Env.db_url_config(os.environ["DATABASE_URL"])
    worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
    name = f"{runner['NAME']}_twonodes_{worker}"
    with psycopg.connect(_dsn(runner, "postgres"), autocommit=True) as db:
        db.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        db.execute(f'CREATE DATABASE "{name}"')
    # Each xdist worker that runs some of these tests starts its own pair of servers, with
    # its own database and Redis database (the workers' own tests use 1, 2, …).
    index = int(worker.removeprefix("gw")) if worker.startswith("gw") else 0
    redis_url = (
        re.sub(r"/\d*$", "", os.environ["REDIS_URL"].rstrip("/")) + f"/{REDIS_DATABASE + index}"
    )
    redis.Redis.from_url(redis_url).flushdb()

    work = tmp_path_factory.mktemp("two-nodes")
    logs, mail, media = work / "logs", work / "mail", work / "media"
    for folder in (logs, mail, media):
        folder.mkdir()
    env = {key: value for key, value in os.environ.items() if key not in RUNNER_ONLY}
    env.update(
        DJANGO_SETTINGS_MODULE="tests.deploy.node_settings",
        DATABASE_URL=_database_url(runner, name),
        REDIS_URL=redis_url,
        SECRET_KEY=secrets.token_urlsafe(64),
        CERTIFICATES_SIGNING_KEY=base64.urlsafe_b64encode(secrets.token_bytes(32)).decode(),
        SITE_URL=ORIGIN,
        ALLOWED_HOSTS=HOST,
        CSRF_TRUSTED_ORIGINS=ORIGIN,
        MEDIA_ROOT=str(media),
        EMAIL_URL=f"filemail:///{mail}",  # django-environ takes one slash off the path
        CACHE_KEY_PREFIX=f"aula-two-nodes-{worker}",
        # The nodes sign the test's people in with a password alone; the second factor
        # production requires of managers is tested on its own (tests/foundation).
        AULA_MFA_REQUIRED_ROLES="",
    )
    _run(["migrate", "--noinput", "-v0"], env, logs, "migrate", timeout=1200)
    seeded = json.loads(
        _run(
            ["shell", "-c", "from tests.deploy.two_nodes_seed import seed; seed()"],
            env,
            logs,
            "seed",
            timeout=300,
        )
        .strip()
        .splitlines()[-1]
    )
    site = Site(
        a=free_port(),
        b=free_port(),
        dsn=_dsn(runner, name),
        mail=mail,
        topic=seeded["topic"],
        password=seeded["password"],
        logs=logs,
    )
    manage = [sys.executable, "manage.py"]
    try:
        for port, label in ((site.a, "node-a"), (site.b, "node-b")):
            # What deploy/systemd/aula-web.service runs, with one worker each.
            server = [sys.executable, "-m", "uvicorn", "website.asgi:application"]
            server += ["--host", "127.0.0.1", "--port", str(port), "--ws", "websockets-sansio"]
            server += ["--lifespan", "off", "--proxy-headers", "--forwarded-allow-ips", "127.0.0.1"]
            site.processes.append(_start(server, env, logs, label))
        for worker in ("worker-a", "worker-b"):
            command = [*manage, "db_worker", "--no-reload", "--interval", "0.5"]
            command += ["--worker-id", worker]
            site.processes.append(_start(command, env, logs, worker))
        site.processes.append(
            _start([*manage, "run_periodic", "--interval", "2"], env, logs, "periodic")
        )
        _wait_until_healthy(site.a, site.processes[0])
        _wait_until_healthy(site.b, site.processes[1])
        yield site
    finally:
        for process in site.processes:
            process.terminate()
        for process in site.processes:
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=5)
        with psycopg.connect(_dsn(runner, "postgres"), autocommit=True) as db:
            db.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        redis.Redis.from_url(redis_url).flushdb()


class Visitor:
    """A browser behind nginx: the public host name, HTTPS as the proxy says, its own cookies."""

    def __init__(self):
        self.cookies: dict[str, str] = {}

    def request(self, method, port, path, **kwargs):
        headers = {"Host": HOST, "X-Forwarded-Proto": "https", **kwargs.pop("headers", {})}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        response = requests.request(
            method,
            f"http://127.0.0.1:{port}{path}",
            headers=headers,
            allow_redirects=False,
            timeout=60,
            **kwargs,
        )
        for cookie in response.cookies:
            if cookie.value:
                self.cookies[cookie.name] = cookie.value
            else:
                self.cookies.pop(cookie.name, None)
        return response

    def get(self, port, path):
        return self.request("GET", port, path)

    def submit(self, port, path, data, files=None):
        """GET the form, then POST it with its CSRF token, as a browser would."""
        form = self.get(port, path)
        assert form.status_code == 200, (path, form.status_code)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.text).group(1)
        return self.request(
            "POST",
            port,
            path,
            data={"csrfmiddlewaretoken": token, **data},
            files=files,
            headers={"Origin": ORIGIN, "Referer": f"{ORIGIN}{path}"},
        )

    def log_in(self, port, email_address, password):
        answer = self.submit(
            port, "/account/login/", {"login": email_address, "password": password}
        )
        assert answer.status_code == 302, answer.text[:1000]
        return self

    def reply(self, port, topic, text, files=None):
        answer = self.submit(port, f"/forum/discussioni/{topic}/rispondi/", {"source": text}, files)
        assert answer.status_code == 302, answer.text[:1000]


def wait_for(check, *, seconds=60, what="the condition"):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        found = check()
        if found:
            return found
        time.sleep(0.3)
    raise AssertionError(f"timed out waiting for {what}")


def test_a_login_through_one_server_is_valid_on_the_other(site):
    visitor = Visitor()
    assert visitor.get(site.b, "/profilo/").status_code == 302  # not signed in yet

    visitor.log_in(site.a, "operatore@aula.example.it", site.password)

    profile = visitor.get(site.b, "/profilo/")
    assert profile.status_code == 200, site.log_tail()
    assert "operatore@aula.example.it" in profile.text
    # Signing out through B ends the session on A as well.
    assert visitor.submit(site.b, "/account/logout/", {}).status_code == 302
    assert visitor.get(site.a, "/profilo/").status_code == 302


def test_a_post_through_one_server_reaches_a_websocket_on_the_other(site):
    coach = Visitor().log_in(site.b, "coach@aula.example.it", site.password)
    operator = Visitor().log_in(site.a, "operatore@aula.example.it", site.password)
    text = f"Scritto sul nodo A, letto sul nodo B {uuid.uuid4().hex[:8]}"
    with connect(
        f"ws://127.0.0.1:{site.b}/ws/forum/",
        additional_headers={"Cookie": f"sessionid={coach.cookies['sessionid']}", "Origin": ORIGIN},
        open_timeout=30,
    ) as live:
        live.send(json.dumps({"type": "follow", "topic": site.topic, "after": 0}))
        assert json.loads(live.recv(timeout=30)) == {"type": "following", "topic": site.topic}

        operator.reply(site.a, site.topic, text)

        event = json.loads(live.recv(timeout=30))
    [(post,)] = site.query("SELECT id FROM forums_post WHERE source = %s", text)
    assert event == {
        "type": "event",
        "id": event["id"],
        "topic": site.topic,
        "post": post,
        "kind": "post_created",
    }
    fragment = coach.get(site.b, f"/forum/messaggi/{post}/frammento/")
    assert fragment.status_code == 200 and text in fragment.text


def messages_to(mail: Path, address: str, text: str):
    found = []
    for path in mail.iterdir():
        # The file backend writes every message of a connection to one file, one after another.
        for raw in path.read_bytes().split(b"\n" + b"-" * 79 + b"\n"):
            if not raw.strip():
                continue
            message = email.message_from_bytes(raw)
            body = message.get_payload(0) if message.is_multipart() else message
            content = body.get_payload(decode=True).decode()
            if message["To"] == address and text in content:
                found.append(message)
    return found


def test_a_task_queued_through_one_server_is_run_once_by_the_workers(site):
    operator = Visitor().log_in(site.a, "operatore@aula.example.it", site.password)
    text = f"Un compito per i worker {uuid.uuid4().hex[:8]}"

    operator.reply(site.a, site.topic, text)

    [(post,)] = site.query("SELECT id FROM forums_post WHERE source = %s", text)
    # The coach follows the topic: the reply queues send_post_emails, which queues the email.
    wait_for(
        lambda: messages_to(site.mail, "coach@aula.example.it", text),
        what="the coach's email",
    )
    time.sleep(3)  # both workers poll every half second: a second run would show by now
    assert len(messages_to(site.mail, "coach@aula.example.it", text)) == 1
    runs = site.query(
        "SELECT status, worker_ids FROM django_tasks_database_dbtaskresult "
        "WHERE task_path = 'forums.notify.send_post_emails' AND args_kwargs @> %s::jsonb",
        json.dumps({"kwargs": {"post_id": post}}),
    )
    assert len(runs) == 1, runs
    [(status, workers)] = runs
    assert status == "SUCCESSFUL" and len(workers) == 1 and workers[0] in {"worker-a", "worker-b"}


def test_a_file_uploaded_through_one_server_is_served_by_the_other(site):
    operator = Visitor().log_in(site.a, "operatore@aula.example.it", site.password)
    text = f"In allegato il verbale {uuid.uuid4().hex[:8]}"

    operator.reply(
        site.a, site.topic, text, files={"attachments": ("verbale.pdf", PDF, "application/pdf")}
    )

    [(attachment, name)] = site.query(
        "SELECT a.id, a.name FROM forums_attachment a JOIN forums_post p ON p.id = a.post_id "
        "WHERE p.source = %s",
        text,
    )
    address = f"/forum/allegati/{attachment}/{name}"
    coach = Visitor().log_in(site.b, "coach@aula.example.it", site.password)
    download = coach.get(site.b, address)
    assert download.status_code == 200, download.text[:500]
    assert download.content == PDF
    assert download.headers["Content-Type"] == "application/pdf"
    # Still a protected file: a visitor who is not signed in is sent to the login page.
    assert Visitor().get(site.b, address).status_code == 302


def test_a_cache_invalidation_through_one_server_is_seen_by_the_other(site):
    reader = Visitor()
    home = reader.get(site.b, "/")
    assert home.status_code == 200, site.log_tail()
    assert "Regione Siciliana dei due nodi" not in home.text
    assert "Regione" in home.text  # the site identity's default, now cached by B

    admin = Visitor().log_in(site.a, "admin@aula.example.it", site.password)
    address = "/admin/settings/core/siteidentity/"
    edit = admin.get(site.a, address)
    if edit.status_code == 302:  # Wagtail sends a generic setting to the address of its row
        address = edit.headers["Location"].removeprefix(ORIGIN)
    saved = admin.submit(
        site.a,
        address,
        {
            "owner_name": "Regione Siciliana dei due nodi",
            "owner_url": "",
            "office_name": "",
            "address": "",
            "email": "",
            "pec": "",
            "phone": "",
            "tax_code": "",
            "accessibility_statement_url": "",
        },
    )
    assert saved.status_code == 302, saved.text[:1000]

    assert "Regione Siciliana dei due nodi" in reader.get(site.b, "/").text


def test_the_periodic_runner_runs_the_jobs_beside_them(site):
    ran = wait_for(
        lambda: site.query("SELECT name FROM core_periodicjobrun WHERE last_run_at IS NOT NULL"),
        what="a periodic job",
    )
    assert ran
