"""The deadline sweep's keyset index holds every open case with a due date: a clock paused after its due date had
passed keeps that due date now (portal.deadlines.clock), and the sweep reads those cases too (reminders._open_cases)."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('cases', '0021_inspection_leads'),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name='case',
            name='case_sweep_keyset_idx',
        ),
        migrations.AddIndex(
            model_name='case',
            index=models.Index(condition=models.Q(('due_date__isnull', False), ('state__in', ['accepted', 'in_progress', 'needs_info', 'received', 'reopened', 'suspended'])), fields=['id'], name='case_sweep_keyset_idx'),
        ),
    ]
