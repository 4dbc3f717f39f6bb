"""gunicorn settings of the production image (docker-compose.yml `web`). Environment variables override:
WEB_CONCURRENCY (worker processes, default 3), GUNICORN_TIMEOUT (seconds, default 60), PORT (default 8000)."""

import os

bind = f"0.0.0.0:{os.environ.get('PORT', '8000')}"
workers = int(os.environ.get("WEB_CONCURRENCY", "3"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
accesslog = "-"
worker_tmp_dir = "/dev/shm"  # noqa: S108 - heartbeat files, the gunicorn docs' advice for containers
# gunicorn 24+ opens a local control socket in $HOME, which is read-only in the image; nothing here uses it.
# (Older gunicorn ignores unknown names in this file.)
control_socket_disable = True
