"""`picoclinic serve` as a service manager runs it: a real server on a free port, stopped
with SIGTERM."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _answers(port: int) -> bool:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as response:
            return response.status == 200
    except OSError:
        return False


def _wait_for(condition, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.3)
    return False


def test_sigterm_stops_the_web_server_with_it(tmp_path):
    port = _free_port()
    drop = {"DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env = {k: v for k, v in os.environ.items() if k not in drop}
    env |= {"PICOCLINIC_MODE": "local", "PICOCLINIC_VAR_DIR": str(tmp_path)}
    command = [sys.executable, "-m", "picoclinic", "serve", "--port", str(port), "--no-worker"]
    server = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL)
    try:
        assert _wait_for(lambda: _answers(port), 60), "the server never answered"
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=20)
        # gunicorn went with it: nothing answers on the port any more.
        assert _wait_for(lambda: not _answers(port), 15)
    finally:
        if server.poll() is None:
            server.kill()
