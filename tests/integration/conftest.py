"""Integration tests: the production stack's real processes (gunicorn, Celery worker and beat)
on PostgreSQL and Redis, driven over HTTP and through the broker.

The tests using the ``stack`` fixture are marked ``integration`` and run only with
``INTEGRATION=1`` (``.ci/run`` sets it) and a PostgreSQL ``DATABASE_URL``; otherwise they are
skipped with the reason. The processes use pytest-django's test database (every test here is
transactional, so what a test writes is committed and the processes see it), the Redis at
``INTEGRATION_REDIS_URL`` (default ``redis://127.0.0.1:6379/14``) with a queue name of their own,
and a fresh VAR_DIR for static and media files. Logs go to test-artifacts/integration/.
"""

import os
import shutil
import socket
import urllib.parse
from pathlib import Path

import pytest
from django.db import connection

from tests.integration.harness import ARTIFACTS, PASSWORD, Process, Stack, timed

HERE = Path(__file__).resolve().parent
ENABLED = os.environ.get("INTEGRATION", "").lower() in {"1", "true", "yes"}
SKIP_REASON = (
    "integration tests start gunicorn and Celery workers on PostgreSQL and Redis: "
    "run them with INTEGRATION=1 and a PostgreSQL DATABASE_URL (.ci/run does)"
)
REDIS_URL = os.environ.get("INTEGRATION_REDIS_URL", "redis://127.0.0.1:6379/14")


def pytest_collection_modifyitems(config, items):
    # Only the tests that start the stack; those reading the deployment files run everywhere.
    for item in items:
        if HERE in Path(item.path).resolve().parents and "stack" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.integration)
            if not ENABLED:
                item.add_marker(pytest.mark.skip(reason=SKIP_REASON))


def redis_up(url: str) -> bool:
    parts = urllib.parse.urlsplit(url)
    try:
        with socket.create_connection((parts.hostname, parts.port or 6379), timeout=2) as sock:
            sock.sendall(b"PING\r\n")
            return sock.recv(16).startswith(b"+PONG")
    except OSError:
        return False


def database_url(settings: dict) -> str:
    user = urllib.parse.quote(settings["USER"] or "", safe="")
    password = urllib.parse.quote(settings["PASSWORD"] or "", safe="")
    credentials = f"{user}:{password}@" if password else (f"{user}@" if user else "")
    address = f"{settings['HOST'] or '127.0.0.1'}:{settings['PORT'] or 5432}"
    return f"postgres://{credentials}{address}/{settings['NAME']}"


@pytest.fixture(scope="session")
def stack(django_db_setup, django_db_blocker, tmp_path_factory):
    """Migrated database, collected static files, gunicorn serving and one Celery worker."""
    if connection.vendor != "postgresql":
        pytest.fail(f"INTEGRATION=1 needs a PostgreSQL DATABASE_URL, not {connection.vendor}", pytrace=False)
    shutil.rmtree(ARTIFACTS, ignore_errors=True)
    ARTIFACTS.mkdir(parents=True)
    owned_redis = None
    if not redis_up(REDIS_URL):
        # As .ci/run does: start a Redis of our own where none is running.
        assert shutil.which("redis-server"), f"no Redis at {REDIS_URL} and no redis-server to start"
        port = str(urllib.parse.urlsplit(REDIS_URL).port or 6379)
        server = ["redis-server", "--port", port, "--save", "", "--appendonly", "no"]
        owned_redis = Process("redis", server, {})
        owned_redis.wait_until(lambda: redis_up(REDIS_URL), 20, "answering PING")
    with django_db_blocker.unblock():
        url = database_url(connection.settings_dict)
        connection.close()  # the processes must not wait behind a connection of ours
    stack = Stack(database_url=url, redis_url=REDIS_URL, var_dir=tmp_path_factory.mktemp("var"))
    try:
        # What the compose file's migrate service and the image build do before serving.
        with timed("manage.py migrate (already migrated by pytest-django)"):
            stack.manage("migrate", "--noinput")
        with timed("manage.py collectstatic (hashed and compressed)"):
            stack.manage("collectstatic", "--noinput")
        with timed("gunicorn: start to serving the login page"):
            stack.start_web()
        with timed("celery worker: start to ready"):
            stack.start_worker()
        yield stack
    finally:
        stack.stop()
        if owned_redis is not None:
            owned_redis.stop()


@pytest.fixture
def secretariat(stack, transactional_db):
    """The first secretariat account, created as the README's Production section says."""
    stack.manage(
        "createsuperuser",
        "--noinput",
        DJANGO_SUPERUSER_USERNAME="secretary",
        DJANGO_SUPERUSER_PASSWORD=PASSWORD,
        DJANGO_SUPERUSER_EMAIL="secretary@example.cn",
    )
    return "secretary"
