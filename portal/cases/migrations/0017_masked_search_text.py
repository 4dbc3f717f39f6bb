"""Case.masked_search_text: what the staff queue's search looks in when the viewer may not see a denunciation's
identity (portal.cases.presentation.masked_search_text). The column is added empty (instant on PostgreSQL 11+) and
written for the denunciations already filed; the other kinds keep it empty."""

from django.db import migrations, models

BATCH = 1000
FIELDS = ("kind", "title", "description", "address", "contact_name", "contact_phone", "contact_email",
          "contact_address", "representative_name")


def write_masked_texts(apps, schema_editor):
    from portal.cases.presentation import masked_search_text

    Case = apps.get_model("cases", "Case")
    batch = []
    for case in Case.objects.filter(kind="denunciation").only(*FIELDS).order_by("pk").iterator(chunk_size=BATCH):
        case.masked_search_text = masked_search_text(case)
        batch.append(case)
        if len(batch) == BATCH:
            Case.objects.bulk_update(batch, ["masked_search_text"])
            batch = []
    if batch:
        Case.objects.bulk_update(batch, ["masked_search_text"])


class Migration(migrations.Migration):

    dependencies = [
        ('cases', '0016_answertemplate_verbose_names'),
    ]

    operations = [
        migrations.AddField(
            model_name='case',
            name='masked_search_text',
            field=models.TextField(blank=True, default='', editable=False),
        ),
        migrations.RunPython(write_masked_texts, migrations.RunPython.noop, elidable=True),
    ]
