"""Case.masked_search_text written again for the denunciations already filed: the redaction now also finds the
denouncer's name, addresses and representative typed with fewer diacritics than the contact's, or more
(portal.transparency.redaction), so a text such as "Toi la Le Van Khanh" reads "[***]" to whoever may not see the
identity, and the queue's search must not find the case by those words either."""

from django.db import migrations

BATCH = 1000
FIELDS = ("kind", "title", "description", "address", "contact_name", "contact_phone", "contact_email",
          "contact_address", "representative_name", "masked_search_text")


def write_masked_texts(apps, schema_editor):
    from portal.cases.presentation import masked_search_text

    Case = apps.get_model("cases", "Case")
    batch = []
    for case in Case.objects.filter(kind="denunciation").only(*FIELDS).order_by("pk").iterator(chunk_size=BATCH):
        text = masked_search_text(case)
        if text != case.masked_search_text:
            case.masked_search_text = text
            batch.append(case)
        if len(batch) == BATCH:
            Case.objects.bulk_update(batch, ["masked_search_text"])
            batch = []
    if batch:
        Case.objects.bulk_update(batch, ["masked_search_text"])


class Migration(migrations.Migration):

    dependencies = [
        ('cases', '0017_masked_search_text'),
    ]

    operations = [
        migrations.RunPython(write_masked_texts, migrations.RunPython.noop, elidable=True),
    ]
