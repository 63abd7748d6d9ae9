"""The deployment files agree with the code: docker-compose.yml parses and runs the commands the
integration tests run, every service has a health check, and .env.example documents every setting
the portal, gunicorn and the health checks read. These need no Docker and run in every suite."""

import re
import shlex

import yaml
from django.contrib.staticfiles import finders

from tests.integration.harness import ROOT

COMPOSE = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
SERVICES = COMPOSE["services"]


def read_settings() -> set[str]:
    names = set()
    for path in ("portal/settings.py", "deploy/gunicorn.conf.py", "deploy/healthcheck.py"):
        source = (ROOT / path).read_text()
        names |= set(re.findall(r"env_(?:str|bool|int|list)\(\s*\"([A-Z0-9_]+)\"", source))
        names |= set(re.findall(r"environ\.get\(\s*[\"']([A-Z0-9_]+)[\"']", source))
    return names


def test_every_setting_is_documented_in_the_env_example():
    documented = set(re.findall(r"^#? ?([A-Z0-9_]+)=", (ROOT / ".env.example").read_text(), re.MULTILINE))
    assert read_settings() - documented == set()
    # So is every variable the compose file takes from .env.
    compose_variables = set(re.findall(r"\$\{([A-Z0-9_]+)", (ROOT / "docker-compose.yml").read_text()))
    assert compose_variables - documented == set()


def test_compose_runs_the_stack_with_health_checks_and_volumes():
    assert {"db", "redis", "migrate", "web", "worker", "beat"} <= set(SERVICES)
    for name in ("db", "redis", "web", "worker", "beat"):
        assert SERVICES[name]["healthcheck"]["test"], name
    for name in ("web", "worker", "beat"):
        service = SERVICES[name]
        assert service["depends_on"]["migrate"]["condition"] == "service_completed_successfully"
        assert service["depends_on"]["redis"]["condition"] == "service_healthy"
        assert "portal-files:/srv/portal/var" in service["volumes"], name
        assert service["environment"]["MEDIA_ROOT"].startswith("/srv/portal/var/")
        assert service["environment"]["DATABASE_URL"].startswith("postgres://portal:")
        assert service["environment"]["REDIS_URL"] == "redis://redis:6379/0"
    assert "postgres-data:/var/lib/postgresql/data" in SERVICES["db"]["volumes"]
    assert set(COMPOSE["volumes"]) == {"postgres-data", "redis-data", "portal-files"}


def test_compose_runs_what_the_integration_tests_run():
    # tests/integration/harness.py starts these same commands without Docker.
    harness = (ROOT / "tests" / "integration" / "harness.py").read_text()
    assert SERVICES["web"]["command"] == ["gunicorn", "-c", "deploy/gunicorn.conf.py", "portal.wsgi"]
    assert '"gunicorn", "-c", "deploy/gunicorn.conf.py", "portal.wsgi"' in harness
    assert SERVICES["worker"]["command"][:4] == ["celery", "-A", "portal", "worker"]
    assert '"celery", "-A", "portal", "worker"' in harness
    assert SERVICES["beat"]["command"][:4] == ["celery", "-A", "portal", "beat"]
    assert '"celery", "-A", "portal", "beat"' in harness
    for name, kind in (("web", "web"), ("worker", "worker"), ("beat", "beat")):
        assert SERVICES[name]["healthcheck"]["test"] == ["CMD", "python", "deploy/healthcheck.py", kind]
    schedule = SERVICES["beat"]["environment"]["CELERY_BEAT_SCHEDULE_FILE"]
    assert f"--schedule={schedule}" in SERVICES["beat"]["command"]


def test_the_image_serves_the_web_command_with_a_cjk_font_and_baked_static_files():
    dockerfile = (ROOT / "Dockerfile").read_text()
    cmd = re.search(r"^CMD (\[.*\])$", dockerfile, re.MULTILINE)
    assert yaml.safe_load(cmd.group(1)) == SERVICES["web"]["command"]
    assert "fonts-wqy-zenhei" in dockerfile
    assert "uv sync --frozen --no-dev" in dockerfile
    assert "collectstatic --noinput" in dockerfile
    assert "USER portal" in dockerfile
    ignored = (ROOT / ".dockerignore").read_text().split()
    assert {".git", ".venv", ".env", "var", "test-artifacts"} <= set(ignored)


def test_the_migrate_service_migrates_once_before_the_rest():
    assert shlex.join(SERVICES["migrate"]["command"]) == "python manage.py migrate --noinput"
    assert SERVICES["migrate"]["restart"] == "no"
    assert SERVICES["migrate"]["depends_on"]["db"]["condition"] == "service_healthy"


def test_every_static_file_a_template_names_exists():
    # In production the manifest storage turns a missing one into a server error on that page;
    # in development and in the other tests it goes unnoticed.
    missing = []
    for template in sorted((ROOT / "templates").rglob("*.html")):
        for name in re.findall(r"{%\s*static\s+['\"]([^'\"]+)['\"]", template.read_text()):
            if finders.find(name) is None:
                missing.append(f"{template.relative_to(ROOT)}: {name}")
    assert missing == []
