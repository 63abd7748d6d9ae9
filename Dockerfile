# The portal's image: one image for the web process (gunicorn + whitenoise), the Celery worker and
# Celery beat; docker-compose.yml starts each with its own command. See README, "Production".
FROM python:3.12-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    UV_COMPILE_BYTECODE=1 \
    UV_LINK_MODE=copy \
    UV_PYTHON_DOWNLOADS=never \
    UV_PROJECT_ENVIRONMENT=/opt/venv \
    PATH=/opt/venv/bin:$PATH \
    VAR_DIR=/srv/portal/var \
    STATIC_ROOT=/srv/portal/static

# A CJK font for the Chinese PDF reports (reportlab embeds it).
RUN apt-get update \
    && apt-get install -y --no-install-recommends fonts-wqy-zenhei \
    && rm -rf /var/lib/apt/lists/* \
    && pip install --no-cache-dir "uv==0.13.9"

WORKDIR /srv/portal/app

# Dependencies first, from the lock file, so code changes reuse this layer.
COPY pyproject.toml uv.lock ./
RUN uv sync --frozen --no-dev --no-install-project

COPY . .

# Hashed, compressed static files baked into the image, outside the data volume; whitenoise
# serves them. The key here is only for collectstatic.
RUN DEBUG=0 SECRET_KEY=collectstatic-only python manage.py collectstatic --noinput \
    && useradd --system --uid 1000 --home-dir /srv/portal --shell /usr/sbin/nologin portal \
    && mkdir -p "$VAR_DIR/media" \
    && chown -R portal:portal "$VAR_DIR"

USER portal
# Uploaded documents, photos and report files (media/) and beat's schedule: a volume.
VOLUME ["/srv/portal/var"]
EXPOSE 8000

CMD ["gunicorn", "-c", "deploy/gunicorn.conf.py", "portal.wsgi"]
