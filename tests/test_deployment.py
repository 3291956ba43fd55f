"""docker-compose.yml and the Dockerfile describe the production set-up the
README promises. Docker is not on the CI machine, so these read the files;
where ``docker compose`` is available it validates the file as well."""

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from tests import yaml_subset
from tests.test_readme import settings_environment_variables

ROOT = Path(__file__).resolve().parent.parent
COMPOSE_TEXT = (ROOT / "docker-compose.yml").read_text(encoding="utf-8")
DOCKERFILE = (ROOT / "Dockerfile").read_text(encoding="utf-8")
DOCKERIGNORE = (ROOT / ".dockerignore").read_text(encoding="utf-8").split()


def load_compose() -> dict:
    try:
        import yaml
    except ImportError:
        return yaml_subset.load(COMPOSE_TEXT)
    loaded = yaml.safe_load(COMPOSE_TEXT)
    assert loaded == yaml_subset.load(COMPOSE_TEXT), (
        "the subset reader misread the file"
    )
    return loaded


COMPOSE = load_compose()
SERVICES = COMPOSE["services"]
APP_SERVICES = ("web", "migrate", "worker", "beat")


def command(service: str) -> str:
    value = SERVICES[service]["command"]
    return " ".join(value) if isinstance(value, list) else value


def healthcheck(service: str) -> str:
    return " ".join(SERVICES[service]["healthcheck"]["test"])


def test_compose_has_the_production_services():
    assert set(SERVICES) == {
        "proxy",
        "web",
        "migrate",
        "worker",
        "beat",
        "db",
        "redis",
    }


def test_databases_are_postgresql_16_and_redis_7_with_healthchecks():
    assert SERVICES["db"]["image"] == "postgres:16"
    assert SERVICES["redis"]["image"] == "redis:7"
    assert "pg_isready" in healthcheck("db")
    assert "redis-cli ping" in healthcheck("redis")


def test_web_runs_gunicorn_and_is_checked_on_healthz():
    assert command("web").startswith("gunicorn civic.wsgi")
    assert "--bind=0.0.0.0:8000" in command("web")
    assert "http://127.0.0.1:8000/healthz" in healthcheck("web")
    # web scales out (--scale web=3): it publishes no host port itself.
    assert "ports" not in SERVICES["web"]
    assert SERVICES["web"]["expose"] == ["8000"]


def test_a_reverse_proxy_spreads_requests_over_every_web_container():
    proxy = SERVICES["proxy"]
    assert proxy["image"].startswith("nginx:")
    assert proxy["ports"] == ["${WEB_PORT:-8000}:80"]
    assert proxy["depends_on"]["web"] == {"condition": "service_healthy"}
    mount = "./deploy/nginx.conf:/etc/nginx/conf.d/default.conf:ro"
    assert mount in proxy["volumes"]
    conf = (ROOT / "deploy" / "nginx.conf").read_text(encoding="utf-8")
    # Docker's DNS, looked up again, so containers added by --scale are used.
    assert "resolver 127.0.0.11 valid=10s" in conf
    assert "set $web_upstream http://web:8000;" in conf
    assert "proxy_set_header X-Forwarded-Proto" in conf


def test_only_one_beat_schedules_the_periodic_tasks():
    assert "deploy" not in SERVICES["beat"] or (
        SERVICES["beat"]["deploy"].get("replicas") == 1
    )
    assert "exactly one" in COMPOSE_TEXT


def test_migrations_and_core_pages_run_once_before_the_app_starts():
    assert "manage.py migrate --no-input" in command("migrate")
    assert "manage.py bootstrap_site" in command("migrate")
    assert SERVICES["migrate"]["restart"] == "no"
    for service in ("web", "worker", "beat"):
        depends = SERVICES[service]["depends_on"]
        assert depends["migrate"] == {"condition": "service_completed_successfully"}


def test_celery_worker_and_beat_use_the_civic_app():
    assert command("worker").split()[:3] == ["celery", "--app=civic", "worker"]
    assert command("beat").split()[:3] == ["celery", "--app=civic", "beat"]
    assert "inspect ping" in healthcheck("worker")


def test_app_services_wait_for_healthy_database_and_redis():
    for service in APP_SERVICES:
        depends = SERVICES[service]["depends_on"]
        if service != "beat":
            assert depends["db"] == {"condition": "service_healthy"}, service
        assert depends["redis"] == {"condition": "service_healthy"}, service


def test_app_services_run_with_production_settings():
    for service in APP_SERVICES:
        env = SERVICES[service]["environment"]
        assert env["DEBUG"] == "0"
        assert env["SECRET_KEY"].startswith("${SECRET_KEY:?"), (
            "SECRET_KEY must be required"
        )
        assert env["ALLOWED_HOSTS"].startswith("${ALLOWED_HOSTS:?")
        assert (
            env["DATABASE_URL"].startswith("postgres://")
            and "@db:5432/" in env["DATABASE_URL"]
        )
        assert env["REDIS_URL"] == "redis://redis:6379/0"
        assert env["SECURE_SSL_REDIRECT"] == "${SECURE_SSL_REDIRECT:-1}"
        assert env["SECURE_COOKIES"] == "${SECURE_COOKIES:-1}"
        assert env["STATIC_MANIFEST"] == "1"


def test_compose_sets_only_settings_the_portal_reads():
    read = settings_environment_variables()
    for service in APP_SERVICES:
        assert set(SERVICES[service]["environment"]) <= read, service


def test_database_password_is_required_not_defaulted():
    assert SERVICES["db"]["environment"]["POSTGRES_PASSWORD"].startswith(
        "${POSTGRES_PASSWORD:?"
    )


def test_data_lives_in_named_volumes():
    assert set(COMPOSE["volumes"]) == {
        "postgres-data",
        "redis-data",
        "media",
        "private-media",
    }
    assert "postgres-data:/var/lib/postgresql/data" in SERVICES["db"]["volumes"]


@pytest.mark.skipif(
    not shutil.which("docker")
    or subprocess.run(["docker", "compose", "version"], capture_output=True).returncode
    != 0,
    reason="docker compose is not installed; the tests above read the file instead",
)
def test_docker_compose_accepts_the_file():
    env = {
        "PATH": "/usr/bin:/bin:/usr/local/bin",
        "SECRET_KEY": "x" * 50,
        "ALLOWED_HOSTS": "civic.example.org",
        "SITE_URL": "https://civic.example.org",
        "POSTGRES_PASSWORD": "secret",
    }
    result = subprocess.run(
        ["docker", "compose", "config", "--quiet"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr


# --- Dockerfile -----------------------------------------------------------------


def stages() -> list[str]:
    return re.split(r"^FROM ", DOCKERFILE, flags=re.M)[1:]


def test_dockerfile_builds_assets_in_a_node_stage():
    node = stages()[0]

    assert node.startswith("node:20")
    assert "RUN npm ci" in node
    assert "RUN npm run build" in node


def test_dockerfile_runs_python_311_slim_with_hash_checked_runtime_dependencies():
    app = stages()[-1]

    assert app.startswith("python:3.11-slim")
    assert "pip install --require-hashes -r requirements.prod.lock" in app
    assert "COPY --from=assets /build/static/build/ static/build/" in app


def test_dockerfile_collects_static_files_with_hashed_names():
    app = stages()[-1]

    assert re.search(r"STATIC_MANIFEST=1 .*\n?.*collectstatic --no-input", app)


def test_dockerfile_runs_as_a_non_root_user():
    users = re.findall(r"^USER (\S+)", DOCKERFILE, re.M)

    assert users and users[-1] not in ("root", "0")


def test_dockerfile_command_is_gunicorn():
    assert re.search(r'^CMD \["gunicorn", "civic.wsgi:application"', DOCKERFILE, re.M)


def test_docker_build_context_leaves_out_secrets_and_local_state():
    for entry in (
        ".env",
        ".git",
        ".venv",
        "node_modules",
        "db.sqlite3",
        "media",
        "private",
    ):
        assert entry in DOCKERIGNORE


# --- Lock files -----------------------------------------------------------------


def pins(path: str) -> dict[str, str]:
    text = (ROOT / path).read_text(encoding="utf-8")
    return dict(re.findall(r"^([A-Za-z0-9_.-]+)==([^\s\\]+)", text, re.M))


def test_production_lock_pins_the_same_versions_without_the_test_tools():
    dev, prod = pins("requirements.lock"), pins("requirements.prod.lock")

    assert prod, "requirements.prod.lock is empty"
    for name, version in prod.items():
        assert dev.get(name) == version, (
            f"{name}: {version} in prod, {dev.get(name)} in dev"
        )
    for runtime in (
        "django",
        "wagtail",
        "django-allauth",
        "celery",
        "gunicorn",
        "psycopg",
    ):
        assert runtime in {name.lower() for name in prod}, runtime
    for tool in ("pytest", "playwright", "ruff", "factory-boy"):
        assert tool not in {name.lower() for name in prod}, tool


def test_every_pin_is_hash_checked():
    for path in ("requirements.lock", "requirements.prod.lock"):
        text = (ROOT / path).read_text(encoding="utf-8")
        for block in re.split(r"\n(?=[A-Za-z0-9_.-]+==)", text.split("\n", 2)[2]):
            if "==" in block.split("\n")[0]:
                assert "--hash=sha256:" in block, block.split("\n")[0]


def test_public_uploads_are_served_by_the_proxy_and_private_ones_are_not():
    proxy = SERVICES["proxy"]
    assert "media:/srv/media:ro" in proxy["volumes"]
    assert not any("private" in volume for volume in proxy["volumes"])
    conf = (ROOT / "deploy" / "nginx.conf").read_text(encoding="utf-8")
    assert "location /media/" in conf and "alias /srv/media/;" in conf
    assert "nosniff" in conf and "sandbox" in conf
