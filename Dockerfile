# OpenWard production image: gunicorn (web), celery worker and celery beat all run from it (see docker-compose.yml).
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PYTHONPATH=/app \
    DJANGO_SETTINGS_MODULE=portal.settings \
    OPENWARD_VAR_DIR=/app/var \
    STATIC_ROOT=/app/staticfiles \
    MEDIA_ROOT=/app/var/media

# GNU gettext for compilemessages (translations are compiled into the image).
RUN apt-get update \
    && apt-get install -y --no-install-recommends gettext \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /app

# Dependencies first, in their own layer: rebuilt only when pyproject.toml changes.
COPY pyproject.toml ./
RUN python -c "import tomllib; deps = tomllib.load(open('pyproject.toml', 'rb'))['project']['dependencies']; \
open('/tmp/requirements.txt', 'w').write('\n'.join(deps) + '\n')" \
    && pip install -r /tmp/requirements.txt

COPY . .
# The project itself (its dependencies are in already); PYTHONPATH=/app keeps templates, static files and
# translations of the source tree in use.
RUN pip install --no-deps . \
    && rm -rf build ./*.egg-info \
    && if find . -name '*.po' -not -path './.venv/*' | grep -q .; then \
           python manage.py compilemessages -v 0 --ignore=.venv --ignore=var; \
       fi \
    && SECRET_KEY=build-time-only-not-a-secret-0123456789abcdefghij OPENWARD_ENV=production ALLOWED_HOSTS=localhost \
       python manage.py collectstatic --noinput -v 0 \
    && useradd --system --uid 10001 --home-dir /app --shell /usr/sbin/nologin openward \
    && mkdir -p /app/var/media /app/var/beat \
    && chown -R openward:openward /app/var

USER openward
EXPOSE 8000
CMD ["gunicorn", "--config=scripts/gunicorn.conf.py", "portal.wsgi:application"]
