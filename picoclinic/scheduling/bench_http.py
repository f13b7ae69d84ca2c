"""The HTTP load benchmark: ``picoclinic serve`` started as in production (production mode
behind a TLS proxy, gunicorn with its default workers and threads, collected static files),
signed in through the real login page, and driven by wrk with 32 concurrent clients for a
bounded time per page: the day calendar, the week calendar, the booking page (a day's free
times) and the login page, the framework's floor (middleware and a template, no database).

wrk (Debian's, installed by ``scripts/bench-deps.sh``) is C and event-driven: one thread drives
all 32 connections and leaves the shared CPUs to the server being measured. Only loopback.
"""

from __future__ import annotations

import http.client
import json
import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from http.cookies import SimpleCookie
from urllib.parse import urlencode

HOST = "127.0.0.1"
CLIENTS = 32
PASSWORD = "bench-load-2026"  # the bench chain's front desk only, in its own database
# wrk runs this after its run: the figures as one JSON line (latencies in microseconds).
REPORT_LUA = """
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    '{"requests": %d, "seconds": %.3f, "p50_us": %d, "p95_us": %d, "errors": %d, "non_2xx": %d}\\n',
    summary.requests, summary.duration / 1e6, latency:percentile(50), latency:percentile(95),
    e.connect + e.read + e.write + e.timeout, e.status))
end
"""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


def server_env(database_url: str) -> dict[str, str]:
    """Production settings as a clinic runs them behind its TLS proxy (the proxy's header is
    sent by every request below)."""
    return os.environ | {
        "PICOCLINIC_MODE": "production",
        "SECRET_KEY": secrets.token_urlsafe(64),
        "ALLOWED_HOSTS": HOST,
        "BEHIND_TLS_PROXY": "1",
        "DATABASE_URL": database_url,
        "DEBUG": "0",
    }


class Server:
    """``picoclinic serve`` on a free loopback port (web only: no task worker, no sweeper)."""

    def __init__(self, database_url: str):
        self.env = server_env(database_url)
        self.port = free_port()
        self.process: subprocess.Popen | None = None

    def __enter__(self) -> Server:
        python = [sys.executable, "-m", "picoclinic"]
        subprocess.run(  # noqa: S603 - our own interpreter and arguments
            [*python, "collectstatic", "--no-input", "-v", "0"], env=self.env, check=True
        )
        command = [*python, "serve", "--host", HOST, "--port", str(self.port), "--no-worker"]
        self.process = subprocess.Popen(  # noqa: S603
            command, env=self.env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        self._wait_until_up()
        return self

    def __exit__(self, *exc) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()

    def _wait_until_up(self, seconds: float = 60) -> None:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            try:
                if self.request("GET", "/accounts/login/")[0] == 200:
                    return
            except OSError:
                time.sleep(0.3)
        raise RuntimeError("picoclinic serve did not answer within a minute")

    def request(self, method: str, path: str, *, body: str = "", headers=None):
        connection = http.client.HTTPConnection(HOST, self.port, timeout=30)
        try:
            connection.request(
                method, path, body=body or None, headers=proxy_headers(self.port) | (headers or {})
            )
            response = connection.getresponse()
            return response.status, response.getheaders(), response.read().decode()
        finally:
            connection.close()


def proxy_headers(port: int) -> dict[str, str]:
    # What the clinic's TLS proxy adds: the request reached it over HTTPS.
    return {"Host": f"{HOST}:{port}", "X-Forwarded-Proto": "https"}


def sign_in(server: Server, email: str) -> str:
    """Sign in through the login page like a browser; returns the Cookie header to send."""
    cookies = SimpleCookie()
    status, headers, body = server.request("GET", "/accounts/login/")
    _keep(cookies, headers)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', body).group(1)
    form = urlencode({"csrfmiddlewaretoken": token, "username": email, "password": PASSWORD})
    status, headers, _ = server.request(
        "POST",
        "/accounts/login/",
        body=form,
        headers={
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": _header(cookies),
            "Referer": f"https://{HOST}:{server.port}/accounts/login/",
        },
    )
    _keep(cookies, headers)
    if status != 302 or "sessionid" not in cookies:
        raise RuntimeError(f"signing in failed (HTTP {status})")
    return _header(cookies)


def _keep(cookies: SimpleCookie, headers) -> None:
    for name, value in headers:
        if name.lower() == "set-cookie":
            cookies.load(value)


def _header(cookies: SimpleCookie) -> str:
    return "; ".join(f"{name}={morsel.value}" for name, morsel in cookies.items())


def drive(server: Server, path: str, *, cookie: str, seconds: int) -> dict:
    """``CLIENTS`` connections asking for ``path`` for ``seconds``; wrk's figures."""
    wrk = shutil.which("wrk")
    if wrk is None:
        raise RuntimeError("wrk is missing: run scripts/bench-deps.sh (make bench does)")
    headers = proxy_headers(server.port) | ({"Cookie": cookie} if cookie else {})
    with tempfile.NamedTemporaryFile("w", suffix=".lua") as script:
        script.write(REPORT_LUA)
        script.flush()
        command = [wrk, "-t1", f"-c{CLIENTS}", f"-d{seconds}s", "--timeout", "10s"]
        command += ["-s", script.name]
        for name, value in headers.items():
            command += ["-H", f"{name}: {value}"]
        command.append(f"http://{HOST}:{server.port}{path}")
        output = subprocess.run(  # noqa: S603
            command, capture_output=True, text=True, check=True
        ).stdout
    return json.loads([line for line in output.splitlines() if line.startswith("{")][-1])


def bench_http(
    *, database_url: str, desk_email: str, pages: dict[str, str], seconds: int, count: int
) -> Iterator[dict]:
    """One JSON-ready row per page (``pages``: name -> path; the floor is added), each with
    its ratio of requests/s to the floor's."""
    with Server(database_url) as server:
        cookie = sign_in(server, desk_email)
        for path in pages.values():  # warm every worker's caches before measuring
            drive(server, path, cookie=cookie, seconds=1)
        time.sleep(2)  # let the server finish what the warm-up left queued
        floor = drive(server, "/accounts/login/", cookie="", seconds=seconds)
        rows = {"http_floor_login": floor}
        for name, path in pages.items():
            rows[f"http_{name}"] = drive(server, path, cookie=cookie, seconds=seconds)
    vendor = "sqlite" if database_url.startswith("sqlite") else "postgresql"
    floor_rate = floor["requests"] / floor["seconds"] or float("nan")
    for name, figures in rows.items():
        rate = figures["requests"] / figures["seconds"]
        yield {
            "name": name,
            "backend": vendor,
            "appointments": count,
            "clients": CLIENTS,
            "requests_per_s": round(rate, 1),
            "p50_ms": round(figures["p50_us"] / 1000, 2),
            "p95_ms": round(figures["p95_us"] / 1000, 2),
            "errors": figures["errors"] + figures["non_2xx"],
            "ratio_to_floor": round(rate / floor_rate, 3),
        }
