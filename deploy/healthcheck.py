"""Health checks for the production stack (docker compose's `healthcheck`), one per process kind.

    python deploy/healthcheck.py web      # gunicorn answers a page
    python deploy/healthcheck.py worker   # this host's Celery worker answers a ping
    python deploy/healthcheck.py beat     # Celery beat keeps its schedule file up to date

Exit status 0 when healthy, 1 otherwise, with the reason on stderr.
"""

import glob
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def check_web() -> str | None:
    # Asked as the proxy would ask: for a host the portal answers to, over HTTPS, so neither the
    # host check nor the HTTPS redirect stands in the way of a real answer.
    hosts = [h for h in os.environ.get("ALLOWED_HOSTS", "localhost").split(",") if h.strip()]
    host = next((h.strip().lstrip(".") for h in hosts if h.strip() != "*"), "localhost")
    port = os.environ.get("WEB_PORT", "8000")
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}/accounts/login/",
        headers={"Host": host, "X-Forwarded-Proto": "https"},
    )
    try:
        status = urllib.request.build_opener(NoRedirect).open(request, timeout=5).status
    except urllib.error.HTTPError as error:
        status = error.code
    except OSError as error:
        return f"web: {error}"
    return None if status < 400 else f"web: HTTP {status}"


def check_worker() -> str | None:
    node = os.environ.get("CELERY_WORKER_NAME") or f"celery@{socket.gethostname()}"
    result = subprocess.run(
        [sys.executable, "-m", "celery", "-A", "portal", "inspect", "ping", "--timeout", "5", "-d", node],
        capture_output=True,
        text=True,
        timeout=30,
    )
    return (
        None if result.returncode == 0 else f"worker: {node} did not answer: {result.stdout}{result.stderr}"
    )


def check_beat() -> str | None:
    # Beat writes its schedule file when it starts and at least every few minutes after; the file
    # name gets a suffix from the dbm module Python was built with.
    schedule = os.environ.get("CELERY_BEAT_SCHEDULE_FILE", "/srv/portal/var/celerybeat-schedule")
    files = glob.glob(glob.escape(schedule) + "*")
    if not files:
        return f"beat: no schedule file {schedule}"
    age = time.time() - max(os.path.getmtime(f) for f in files)
    return None if age < 15 * 60 else f"beat: schedule file untouched for {age:.0f} s"


CHECKS = {"web": check_web, "worker": check_worker, "beat": check_beat}

if __name__ == "__main__":
    if len(sys.argv) != 2 or sys.argv[1] not in CHECKS:
        sys.exit(f"usage: {sys.argv[0]} {{{','.join(CHECKS)}}}")
    problem = CHECKS[sys.argv[1]]()
    if problem:
        sys.exit(problem)
