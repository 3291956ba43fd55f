# syntax=docker/dockerfile:1
# The production image: gunicorn serves Django, whitenoise serves the static
# files built here. The same image runs the Celery worker and beat
# (docker-compose.yml).

# --- 1. The London design system: GOV.UK Frontend compiled with our Sass -------
FROM node:20-bookworm-slim AS assets
WORKDIR /build
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY scripts/ scripts/
COPY static/ static/
RUN npm run build

# --- 2. The application ----------------------------------------------------------
FROM python:3.11-slim-bookworm
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1
WORKDIR /app

RUN groupadd --system --gid 10001 civic \
    && useradd --system --uid 10001 --gid civic --home-dir /app --shell /usr/sbin/nologin civic

# Production dependencies only, every one pinned and hash-checked.
COPY requirements.prod.lock ./
RUN pip install --require-hashes -r requirements.prod.lock

COPY . .
COPY --from=assets /build/static/build/ static/build/

# Hashed file names (STATIC_MANIFEST=1) so browsers can cache them for a year.
# The key below exists only for this build step; the container needs a real one.
RUN DEBUG=0 STATIC_MANIFEST=1 SECRET_KEY=collectstatic-only-not-a-real-key \
    python manage.py collectstatic --no-input --verbosity 0 \
    && mkdir -p /app/media /app/private \
    && chown -R civic:civic /app/media /app/private

USER civic
EXPOSE 8000
ENV STATIC_MANIFEST=1 \
    MEDIA_ROOT=/app/media \
    PRIVATE_MEDIA_ROOT=/app/private

# Healthchecks are per service in docker-compose.yml: the worker and beat run
# this image too and serve no http.
CMD ["gunicorn", "civic.wsgi:application", \
     "--bind", "0.0.0.0:8000", \
     "--workers", "3", \
     "--timeout", "30", \
     "--access-logfile", "-"]
