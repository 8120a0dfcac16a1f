"""Two app processes against the same PostgreSQL and Redis behave as one site.

A reply posted through one process reaches a websocket connected to the other
(the Redis channel layer fans the event out). Needs PostgreSQL and Redis: on
SQLite with the in-memory layer each process would be an island by design.
"""

import json
import os
import re
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests
from django.conf import settings
from django.db import connection
from django.test import Client
from websockets.sync.client import connect

from forums.models import Post

ROOT = Path(__file__).resolve().parents[2]

pytestmark = [pytest.mark.postgres, pytest.mark.redis]


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_app_process(port, env):
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "uvicorn",
            "website.asgi:application",
            "--port",
            str(port),
            "--host",
            "127.0.0.1",
            "--ws",
            "websockets-sansio",
            "--lifespan",
            "off",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if requests.get(f"http://127.0.0.1:{port}/healthz", timeout=5).status_code == 200:
                return process
        except requests.RequestException:  # not listening yet, or its first answer slow under load
            time.sleep(0.2)
    process.kill()
    raise RuntimeError(f"The app process on port {port} did not start")


@pytest.fixture
def two_processes(transactional_db):
    layer = settings.CHANNEL_LAYERS["default"]["CONFIG"]
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.forums.multiprocess_settings",
        "AULA_TEST_DATABASE_NAME": connection.settings_dict["NAME"],
        "AULA_TEST_REDIS_URL": settings.REDIS_URL,
        "AULA_TEST_KEY_PREFIX": settings.CACHES["default"]["KEY_PREFIX"],
        "AULA_TEST_CHANNEL_PREFIX": layer["prefix"],
    }
    ports = [free_port(), free_port()]
    processes = []
    try:
        for port in ports:
            processes.append(start_app_process(port, env))
        yield ports
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            process.wait(timeout=10)


def session_cookie(user):
    client = Client()
    client.force_login(user)
    return client.cookies[settings.SESSION_COOKIE_NAME].value


def test_a_reply_through_one_process_reaches_a_websocket_on_the_other(
    two_processes, operator, coach, north_topic
):
    writer_port, reader_port = two_processes
    reader_cookie = session_cookie(coach)
    with connect(
        f"ws://127.0.0.1:{reader_port}/ws/forum/",
        additional_headers={
            "Cookie": f"{settings.SESSION_COOKIE_NAME}={reader_cookie}",
            "Origin": f"http://127.0.0.1:{reader_port}",
        },
        open_timeout=10,
    ) as socket_on_reader:
        socket_on_reader.send(json.dumps({"type": "follow", "topic": north_topic.pk, "after": 0}))
        assert json.loads(socket_on_reader.recv(timeout=10)) == {
            "type": "following",
            "topic": north_topic.pk,
        }

        writer = requests.Session()
        writer.cookies.set(settings.SESSION_COOKIE_NAME, session_cookie(operator))
        reply_url = f"http://127.0.0.1:{writer_port}/forum/discussioni/{north_topic.pk}/rispondi/"
        form = writer.get(reply_url, timeout=10)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.text).group(1)
        response = writer.post(
            reply_url,
            data={
                "csrfmiddlewaretoken": token,
                "source": "Scritto su un processo, letto sull'altro",
            },
            allow_redirects=False,
            timeout=10,
        )
        assert response.status_code == 302, response.text[:500]

        event = json.loads(socket_on_reader.recv(timeout=10))
    post = Post.objects.get(source="Scritto su un processo, letto sull'altro")
    assert event == {
        "type": "event",
        "id": event["id"],
        "topic": north_topic.pk,
        "post": post.pk,
        "kind": "post_created",
    }
    fragment = requests.get(
        f"http://127.0.0.1:{reader_port}/forum/messaggi/{post.pk}/frammento/",
        cookies={settings.SESSION_COOKIE_NAME: reader_cookie},
        timeout=10,
    )
    assert fragment.status_code == 200 and "letto sull'altro" in fragment.text
