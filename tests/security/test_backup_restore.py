"""Integrity and recovery: scripts/backup.sh dumps the database (pg_dump) and the media, scripts/restore.sh restores
them into a fresh database and verifies the audit chain there; a tampered restored log is named by verify_audit."""

import os
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings
from django.db import connection, transaction

from portal.audit.models import AuditEvent
from portal.audit.services import record

ROOT = Path(__file__).resolve().parents[2]

pytestmark = [
    pytest.mark.skipif(not settings.USING_POSTGRES,
                       reason="backup and restore use pg_dump/pg_restore: run the suite with a PostgreSQL "
                              "DATABASE_URL (make test DATABASE_URL=postgres://...)"),
    pytest.mark.django_db(transaction=True),
]


def _url(name: str) -> str:
    db = connection.settings_dict
    user = quote(db.get("USER") or "postgres")
    password = f":{quote(db['PASSWORD'])}" if db.get("PASSWORD") else ""
    return f"postgres://{user}{password}@{db.get('HOST') or '127.0.0.1'}:{db.get('PORT') or 5432}/{name}"


def _run(args, **env):
    result = subprocess.run(args, cwd=ROOT, env={**os.environ, **env}, capture_output=True, text=True, timeout=240)
    return result.returncode, result.stdout + result.stderr


@pytest.fixture
def fresh_database():
    """A new, empty database beside the test database (dropped afterwards)."""
    name = f"{connection.settings_dict['NAME']}_restore"
    maintenance = _url("postgres")
    _run(["psql", maintenance, "-qc", f'DROP DATABASE IF EXISTS "{name}"'])
    code, out = _run(["psql", maintenance, "-qc", f'CREATE DATABASE "{name}"'])
    assert code == 0, out
    yield _url(name)
    _run(["psql", maintenance, "-qc", f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'])


@pytest.mark.skipif(not (shutil.which("pg_dump") and shutil.which("pg_restore") and shutil.which("psql")),
                    reason="pg_dump, pg_restore and psql are needed (apt-get install postgresql-client)")
def test_a_backup_restores_into_a_fresh_database_with_an_intact_audit_chain(tmp_path, fresh_database):
    for i in range(5):
        with transaction.atomic():
            record(action="test.backup", object_type="thing", object_id=i, data={"i": i, "text": "Đường Lê Lợi"})
    events = AuditEvent.objects.count()
    media = tmp_path / "media"
    (media / "cases" / "2026").mkdir(parents=True)
    (media / "cases" / "2026" / "anh.jpg").write_bytes(b"\xff\xd8 not really a photo")

    backup = tmp_path / "backup"
    code, out = _run(["bash", "scripts/backup.sh", str(backup)],
                     DATABASE_URL=_url(connection.settings_dict["NAME"]), MEDIA_ROOT=str(media))
    assert code == 0, out
    assert {p.name for p in backup.iterdir()} == {"openward.dump", "media.tar.gz", "SHA256SUMS"}

    restored_media = tmp_path / "restored-media"
    code, out = _run(["bash", "scripts/restore.sh", str(backup)], DATABASE_URL=fresh_database,
                     MEDIA_ROOT=str(restored_media), PYTHON=sys.executable)
    assert code == 0, out
    assert f"Audit chain intact: {events} events verified" in out
    assert (restored_media / "cases" / "2026" / "anh.jpg").read_bytes() == b"\xff\xd8 not really a photo"
    code, out = _run(["psql", fresh_database, "-Atc", "SELECT count(*) FROM audit_auditevent"])
    assert out.strip() == str(events)

    # Restoring again into a database that has tables is refused.
    code, out = _run(["bash", "scripts/restore.sh", str(backup)], DATABASE_URL=fresh_database,
                     MEDIA_ROOT=str(restored_media), PYTHON=sys.executable)
    assert code != 0 and "restore into a new, empty database" in out

    # A row changed in the restored log is found and named.
    code, out = _run(["psql", fresh_database, "-Atc",
                      "UPDATE audit_auditevent SET data = '{\"i\": 99}' WHERE id = "
                      "(SELECT id FROM audit_auditevent ORDER BY id OFFSET 2 LIMIT 1) RETURNING id"])
    assert code == 0, out
    tampered = out.strip().splitlines()[0]
    code, out = _run([sys.executable, "manage.py", "verify_audit"], DATABASE_URL=fresh_database)
    assert code != 0 and f"Audit chain broken at event #{tampered}" in out
