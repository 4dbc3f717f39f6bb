"""Root conftest: loaded before Django is set up, so the test environment is chosen here."""

import os
import tempfile

os.environ.setdefault("OPENWARD_ENV", "test")
os.environ.setdefault("OPENWARD_VAR_DIR", tempfile.mkdtemp(prefix="openward-test-"))
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
