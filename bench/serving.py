"""Starting app servers for the benchmarks: a free loopback port, and waiting until one serves.

Every bench script that starts a server (gunicorn, uvicorn, daphne) waits here, in one
way: until a TCP connection opens or, given ``path``, until that address answers 200;
and it stops waiting as soon as the server process has exited (a crash at start-up is
reported at once with its exit code, not after the whole timeout).
"""

import http.client
import socket
import subprocess
import time


def free_port() -> int:
    """A loopback port nobody listens on now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _answers(port: int, path: str | None) -> bool:
    if path is None:
        with socket.create_connection(("127.0.0.1", port), timeout=0.5):
            return True
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    try:
        connection.request("GET", path)
        return connection.getresponse().status == 200
    finally:
        connection.close()


def wait_until_serving(
    port: int,
    *,
    path: str | None = None,
    process: subprocess.Popen | None = None,
    timeout: float = 120.0,
    name: str = "the server",
) -> None:
    """Return once ``port`` accepts connections (or ``path`` answers 200); raise otherwise.

    With ``process``, a server that exits while we wait is an error at once, and one
    that does not serve within ``timeout`` seconds is killed before the error.
    """
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"{name} exited with {process.returncode} before serving")
        try:
            if _answers(port, path):
                return
        except (OSError, http.client.HTTPException):
            pass
        time.sleep(0.2)
    if process is not None:
        process.kill()
        process.wait()
    raise RuntimeError(f"{name} did not serve on port {port} within {timeout:.0f} s")
