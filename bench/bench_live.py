"""Live delivery: how long after a post is committed its readers' pages have the event.

N websocket clients follow one community topic, half through each of two
uvicorn processes that share Redis (the channel layer) and the database. The
bench then, round after round:

- posts a reply through ``forums.services.post_create`` and times each client
  from the commit to the event's arrival;
- sends a bare Channels ``group_send`` of an event frame to the same group of
  the same consumers, timed from the call to the arrival (the ceiling: what the
  channel layer and the servers cost with no work of ours).

It prints p50 and p99 over every delivery, the median of each round's last
delivery, and the ratio of post to bare. Run it on its own (it is slow to set
up): ``python bench/bench_live.py [clients] [rounds]``; it uses Redis db 5 and
``DATABASE_URL`` (default: a SQLite file in /tmp, migrated on first use).
"""

import asyncio
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REDIS_URL = os.environ.get("BENCH_LIVE_REDIS_URL", "redis://127.0.0.1:6379/5")
DATABASE_URL = os.environ.get("DATABASE_URL", "sqlite:////tmp/aula_bench_live.sqlite3")
NUMBERS = [int(arg) for arg in sys.argv[1:] if arg.isdigit()]  # bench/run.py passes names
CLIENTS = NUMBERS[0] if NUMBERS else 200
ROUNDS = NUMBERS[1] if len(NUMBERS) > 1 else 10
ENV = {
    **os.environ,
    "DJANGO_SETTINGS_MODULE": "website.settings.dev",
    "DATABASE_URL": DATABASE_URL,
    "REDIS_URL": REDIS_URL,
    "ALLOWED_HOSTS": "127.0.0.1",
}
os.environ.update(ENV)
sys.path.insert(0, str(ROOT))

from bench import summary as targets  # noqa: E402
from bench.serving import free_port, wait_until_serving  # noqa: E402


def start_server(port: int) -> subprocess.Popen:
    return subprocess.Popen(
        [
            *(sys.executable, "-m", "uvicorn", "website.asgi:application"),
            *("--host", "127.0.0.1", "--port", str(port), "--ws", "websockets-sansio"),
            *("--lifespan", "off", "--log-level", "warning"),
        ],
        cwd=ROOT,
        env=ENV,
    )


def prepare(count: int):
    """The topic, a writer and ``count`` readers with a session cookie each."""
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.test import Client

    call_command("migrate", verbosity=0)
    from forums import services
    from forums.models import Forum
    from forums.naming import COMMUNITY_SLUG
    from website.accounts.models import User

    services.forum_ensure_defaults()
    community = Forum.objects.get(slug=COMMUNITY_SLUG)
    users = []
    for number in range(count + 1):
        user, _ = User.objects.get_or_create(
            email=f"lettore.{number}@bench.aula.example",
            defaults={"first_name": "Lettore", "last_name": str(number)},
        )
        users.append(user)
    writer, readers = users[0], users[1:]
    # A moderator writes, so that the community's premoderation of newcomers
    # does not hold the bench's topic and posts back from the readers.
    writer.is_superuser = True
    writer.save(update_fields=["is_superuser"])
    topic = services.topic_create(
        forum=community, author=writer, title="Banco di prova", source="Prima riga."
    )
    cookies = []
    for reader in readers:
        client = Client()
        client.force_login(reader)
        cookies.append(client.cookies[settings.SESSION_COOKIE_NAME].value)
    return writer, topic, cookies, settings.SESSION_COOKIE_NAME


async def reader(port, cookie_name, cookie, topic_id, arrivals, ready):
    from websockets.asyncio.client import connect

    async with connect(
        f"ws://127.0.0.1:{port}/ws/forum/",
        additional_headers={
            "Cookie": f"{cookie_name}={cookie}",
            "Origin": f"http://127.0.0.1:{port}",
        },
        open_timeout=60,
        max_queue=None,
    ) as websocket:
        await websocket.send(json.dumps({"type": "follow", "topic": topic_id, "after": 0}))
        answer = json.loads(await websocket.recv())
        assert answer["type"] == "following", answer
        ready.release()
        async for frame in websocket:
            message = json.loads(frame)
            if message.get("type") == "event":
                arrivals.setdefault(message["post"], []).append(time.perf_counter())


async def wait_for(arrivals, key, count, timeout=30.0):
    deadline = time.perf_counter() + timeout
    while len(arrivals.get(key, [])) < count and time.perf_counter() < deadline:
        await asyncio.sleep(0.005)
    return arrivals.get(key, [])


def post_committed(writer, topic, source):
    """Write a reply; returns (post id, the moment its transaction committed)."""
    from django.db import transaction

    from forums import services

    committed = []
    with transaction.atomic():
        # Registered first, so it runs before the service's own publishing callback.
        transaction.on_commit(lambda: committed.append(time.perf_counter()))
        post = services.post_create(topic=topic, author=writer, source=source)
    return post.pk, committed[0]


async def bare_broadcast(topic_id, marker):
    from channels.layers import get_channel_layer

    from forums.live import topic_group_name

    start = time.perf_counter()
    await get_channel_layer().group_send(
        topic_group_name(topic_id),
        {
            "type": "forum.event",
            "id": 10**13 + marker,
            "topic": topic_id,
            "post": -marker,
            "kind": "post_created",
            "audience": "readers",
            "author": None,
        },
    )
    return start


def summary(latencies, lasts):
    ordered = sorted(latencies)
    p50 = statistics.median(ordered) * 1000
    p99 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))] * 1000
    return p50, p99, statistics.median(lasts) * 1000


async def main():
    writer, topic, cookies, cookie_name = await asyncio.to_thread(prepare, CLIENTS)
    ports = [free_port(), free_port()]
    servers = [start_server(port) for port in ports]
    try:
        for port, server in zip(ports, servers, strict=True):
            await asyncio.to_thread(
                wait_until_serving, port, path="/healthz", process=server, timeout=180
            )
        arrivals: dict[int, list[float]] = {}
        ready = asyncio.Semaphore(0)
        tasks = [
            asyncio.create_task(
                reader(ports[n % 2], cookie_name, cookie, topic.pk, arrivals, ready)
            )
            for n, cookie in enumerate(cookies)
        ]
        for _ in cookies:
            await asyncio.wait_for(ready.acquire(), timeout=120)
        post_lat, post_last, bare_lat, bare_last = [], [], [], []
        # Round 0 warms both paths (connections to Redis, first imports) and is not counted.
        for number in range(ROUNDS + 1):
            post_id, committed = await asyncio.to_thread(
                post_committed, writer, topic, f"Messaggio di prova numero {number}."
            )
            got = await wait_for(arrivals, post_id, len(cookies))
            if number:
                post_lat += [t - committed for t in got]
                post_last.append(max(got) - committed)
            await asyncio.sleep(0.3)
            start = await bare_broadcast(topic.pk, number + 1)
            got = await wait_for(arrivals, -(number + 1), len(cookies))
            if number:
                bare_lat += [t - start for t in got]
                bare_last.append(max(got) - start)
            await asyncio.sleep(0.3)
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
    finally:
        for server in servers:
            server.terminate()
        for server in servers:
            try:
                server.wait(timeout=20)
            except subprocess.TimeoutExpired:
                server.kill()
    post, bare = summary(post_lat, post_last), summary(bare_lat, bare_last)
    print(f"{len(cookies)} clients over 2 uvicorn processes, {ROUNDS} rounds, Redis {REDIS_URL}")
    print(f"{'':<22} {'p50 ms':>8} {'p99 ms':>8} {'last reader ms':>15}")
    print(f"{'post (commit→page)':<22} {post[0]:>8.1f} {post[1]:>8.1f} {post[2]:>15.1f}")
    print(f"{'bare group_send':<22} {bare[0]:>8.1f} {bare[1]:>8.1f} {bare[2]:>15.1f}")
    print(f"ratio post/bare: p50 {post[0] / bare[0]:.2f}, p99 {post[1] / bare[1]:.2f}")
    name = f"live, {len(cookies)} readers"
    targets.record(name, "post p50 ms (commit → page)", post[0], 150, at_least=False)
    targets.record(name, "post p99 ms", post[1], 500, at_least=False)
    targets.record(name, "post p50 / bare broadcast p50", post[0] / bare[0], 1.5, at_least=False)


if __name__ == "__main__":
    asyncio.run(main())
