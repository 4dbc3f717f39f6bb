"""The chain's head row, created with the database rather than by the first event: a submission filed in one
statement (portal.cases.filing_sql) locks and moves the head and cannot create it."""

from django.db import migrations

GENESIS_HASH = "0" * 64


def create_head(apps, schema_editor):
    head = apps.get_model("audit", "AuditChainHead")
    event = apps.get_model("audit", "AuditEvent")
    if head.objects.filter(pk=1).exists():
        return
    last = event.objects.order_by("-id").first()
    if last is None:
        head.objects.create(pk=1, last_hash=GENESIS_HASH, last_event_id=0)


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_initial")]

    operations = [migrations.RunPython(create_head, migrations.RunPython.noop)]
