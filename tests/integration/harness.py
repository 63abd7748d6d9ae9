"""The production stack's processes, started without Docker: gunicorn (deploy/gunicorn.conf.py),
Celery workers and beat, as docker-compose.yml runs them, on PostgreSQL and Redis.

Each process runs in a session (process group) of its own, so a kill reaches the pool children too,
as when a container dies; its output goes to a log under test-artifacts/integration/.
"""

import contextlib
import http.cookiejar
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import redis

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts" / "integration"
PASSWORD = "integration-pass-2026"


def record(what: str, seconds: float) -> None:
    """Keep a timing in test-artifacts/integration/timings.txt."""
    with (ARTIFACTS / "timings.txt").open("a") as timings:
        timings.write(f"{seconds:7.2f} s  {what}\n")


@contextlib.contextmanager
def timed(what: str):
    started = time.monotonic()
    yield
    record(what, time.monotonic() - started)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for(condition, timeout: float, what: str, interval: float = 0.2):
    """The first truthy value of condition() within timeout seconds, else AssertionError."""
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout:.0f} s waiting for {what}")
        time.sleep(interval)


class Process:
    def __init__(self, name: str, args: list[str], env: dict[str, str], node: str = ""):
        self.name = name
        self.node = node  # a Celery worker's node name
        self.log = ARTIFACTS / f"{name}.log"
        self._log_file = self.log.open("ab")
        self.popen = subprocess.Popen(
            args, cwd=ROOT, env=env, stdout=self._log_file, stderr=subprocess.STDOUT, start_new_session=True
        )

    @property
    def alive(self) -> bool:
        return self.popen.poll() is None

    def output(self) -> str:
        return self.log.read_text(errors="replace")

    def tail(self, lines: int = 40) -> str:
        return "\n".join(self.output().splitlines()[-lines:])

    def wait_until(self, condition, timeout: float, what: str):
        def check():
            if not self.alive:
                raise AssertionError(f"{self.name} exited ({self.popen.returncode}) before {what}")
            return condition()

        try:
            return wait_for(check, timeout, f"{self.name}: {what}")
        except AssertionError as error:
            raise AssertionError(f"{error}\n--- {self.log} ---\n{self.tail()}") from None

    def _signal_group(self, sig: int) -> None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.popen.pid, sig)

    def kill(self) -> None:
        """SIGKILL to the whole process group: nothing gets to clean up, as when a machine dies."""
        self._signal_group(signal.SIGKILL)
        self.popen.wait(timeout=10)
        self._log_file.close()

    def stop(self, timeout: float = 20) -> None:
        """A warm shutdown (SIGTERM), then SIGKILL for what is left of the group."""
        if self.alive:
            self._signal_group(signal.SIGTERM)
            with contextlib.suppress(subprocess.TimeoutExpired):
                self.popen.wait(timeout=timeout)
        self._signal_group(signal.SIGKILL)  # pool children that outlived their parent
        if self.alive:
            self.popen.wait(timeout=10)
        self._log_file.close()


@dataclass
class Stack:
    """The settings every process of one test session shares, and the processes it started."""

    database_url: str
    redis_url: str
    var_dir: Path
    queue: str = field(default_factory=lambda: f"integration-{uuid.uuid4().hex[:12]}")
    port: int = field(default_factory=free_port)
    processes: list[Process] = field(default_factory=list)
    web: Process | None = None
    worker: Process | None = None
    _workers_started: int = 0

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def env(self, **extra: str) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST", "DJANGO_SETTINGS"))}
        env.update(
            DJANGO_SETTINGS_MODULE="portal.settings",
            PYTHONUNBUFFERED="1",
            DEBUG="0",
            SECRET_KEY="integration-" + uuid.uuid4().hex * 2,
            ALLOWED_HOSTS="127.0.0.1,localhost",
            # Plain HTTP on the loopback: what a TLS-terminating proxy would talk to.
            SECURE_SSL_REDIRECT="0",
            SECURE_COOKIES="0",
            SECURE_HSTS_SECONDS="0",
            DATABASE_URL=self.database_url,
            DATABASE_CONN_MAX_AGE="60",
            REDIS_URL=self.redis_url,
            CELERY_QUEUE=self.queue,
            CELERY_TASK_ALWAYS_EAGER="0",
            VAR_DIR=str(self.var_dir),
            EMAIL_URL="console://",
            WEB_BIND="127.0.0.1",
            WEB_PORT=str(self.port),
            WEB_WORKERS="2",
            LOG_LEVEL="INFO",
            CELERY_BEAT_SCHEDULE_FILE=str(self.var_dir / "celerybeat-schedule"),
        )
        env.update(extra)
        return env

    def manage(self, *args: str, **extra_env: str) -> subprocess.CompletedProcess:
        result = subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env=self.env(**extra_env),
            capture_output=True,
            text=True,
            timeout=300,
        )
        with (ARTIFACTS / "manage.log").open("a") as log:
            log.write(f"$ manage.py {' '.join(args)}: {result.returncode}\n{result.stdout}{result.stderr}\n")
        assert result.returncode == 0, f"manage.py {' '.join(args)} failed:\n{result.stdout}{result.stderr}"
        return result

    def _start(self, name: str, args: list[str], node: str = "", **extra_env: str) -> Process:
        process = Process(name, args, self.env(**extra_env), node)
        self.processes.append(process)
        return process

    def start_web(self) -> Process:
        self.web = self._start(
            "gunicorn", [sys.executable, "-m", "gunicorn", "-c", "deploy/gunicorn.conf.py", "portal.wsgi"]
        )
        self.web.wait_until(lambda: http_status(f"{self.base_url}/accounts/login/") == 200, 60, "serving")
        return self.web

    def start_worker(self, **extra_env: str) -> Process:
        """A Celery worker as the compose file starts it; it becomes ``self.worker``."""
        self._workers_started += 1
        name = f"worker-{self._workers_started}"
        node = f"{name}-{self.queue}@{socket.gethostname()}"
        worker = self._start(
            name,
            [sys.executable, "-m", "celery", "-A", "portal", "worker", "-l", "INFO", "-n", node, "-c", "1"],
            node,
            **extra_env,
        )
        worker.wait_until(lambda: f"{node} ready." in worker.output(), 60, "ready")
        self.worker = worker
        return worker

    def start_beat(self) -> Process:
        return self._start(
            "beat",
            [
                sys.executable,
                *("-m", "celery", "-A", "portal", "beat", "-l", "INFO"),
                *("-s", str(self.var_dir / "celerybeat-schedule")),
                *("--pidfile", str(self.var_dir / "celerybeat.pid")),
            ],
        )

    def healthcheck(self, kind: str, **extra_env: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, "deploy/healthcheck.py", kind],
            cwd=ROOT,
            env=self.env(**extra_env),
            capture_output=True,
            text=True,
            timeout=60,
        )

    def stop(self) -> None:
        for process in reversed(self.processes):
            process.stop()
        self.processes.clear()
        # The broker's bookkeeping for this run's queue, so runs leave the Redis database as found.
        client = redis.Redis.from_url(self.redis_url)
        try:
            keys = list(client.scan_iter(match=f"*{self.queue}*"))
            if keys:
                client.delete(*keys)
        finally:
            client.close()


def http_status(url: str) -> int | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code
    except OSError:
        return None


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


@dataclass
class Response:
    status: int
    url: str
    headers: dict
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode()

    @property
    def location(self) -> str | None:
        return self.headers.get("Location")


class Browser:
    """A person's HTTP session: cookies, CSRF tokens taken from the forms, redirects followed
    only when asked, so each step's status can be checked."""

    def __init__(self, base_url: str):
        self.base_url = base_url
        self.cookies = http.cookiejar.CookieJar()
        cookies = urllib.request.HTTPCookieProcessor(self.cookies)
        self.opener = urllib.request.build_opener(cookies, _NoRedirect)

    def request(self, path: str, data: dict | None = None, headers: dict | None = None) -> Response:
        url = urllib.parse.urljoin(self.base_url, path)
        body = urllib.parse.urlencode(data, doseq=True).encode() if data is not None else None
        request = urllib.request.Request(url, data=body, headers={"Referer": url, **(headers or {})})
        try:
            with self.opener.open(request, timeout=30) as response:
                return Response(response.status, url, dict(response.headers), response.read())
        except urllib.error.HTTPError as error:
            return Response(error.code, url, dict(error.headers), error.read())

    def get(self, path: str, follow: bool = True, **headers) -> Response:
        response = self.request(path, headers=headers)
        while follow and response.status in (301, 302, 303) and response.location:
            response = self.request(urllib.parse.urljoin(response.url, response.location))
        return response

    def submit(self, path: str, data: dict) -> Response:
        """GET the form at path, then POST data to it with the form's CSRF token."""
        form = self.get(path)
        assert form.status == 200, (path, form.status)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.text)
        assert token, f"no CSRF token in the form at {path}"
        return self.request(path, {"csrfmiddlewaretoken": token.group(1), **data})

    def upload(self, path: str, data: dict, files: dict[str, tuple[str, bytes]]) -> Response:
        """GET the form at path, then POST it as multipart/form-data with its CSRF token and the
        files given as {field: (file name, content)}."""
        form = self.get(path)
        assert form.status == 200, (path, form.status)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.text).group(1)
        boundary = uuid.uuid4().hex
        parts = []
        for name, value in {"csrfmiddlewaretoken": token, **data}.items():
            parts.append(
                f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
            )
        for name, (file_name, content) in files.items():
            head = (
                f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{file_name}"\r\n'
                "Content-Type: application/octet-stream\r\n\r\n"
            )
            parts.append(head.encode() + content + b"\r\n")
        body = b"".join(parts) + f"--{boundary}--\r\n".encode()
        url = urllib.parse.urljoin(self.base_url, path)
        headers = {"Referer": url, "Content-Type": f"multipart/form-data; boundary={boundary}"}
        try:
            with self.opener.open(
                urllib.request.Request(url, data=body, headers=headers), timeout=60
            ) as response:
                return Response(response.status, url, dict(response.headers), response.read())
        except urllib.error.HTTPError as error:
            return Response(error.code, url, dict(error.headers), error.read())

    def login(self, username: str, password: str = PASSWORD) -> Response:
        response = self.submit("/accounts/login/", {"username": username, "password": password})
        assert response.status == 302, f"login of {username} answered {response.status}"
        return response
