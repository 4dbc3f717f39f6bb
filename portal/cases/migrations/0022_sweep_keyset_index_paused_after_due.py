"""The deadline sweep's keyset index holds every open case with a due date: a clock paused after its due date had
passed keeps that due date now (portal.deadlines.clock), and the sweep reads those cases too (reminders._open_cases).

On PostgreSQL the new index is built beside the old one without blocking the table's writes (CREATE INDEX
CONCURRENTLY, under a temporary name), then the old one is dropped the same way and the new one takes its name: a
plain DROP INDEX and CREATE INDEX in one transaction held the cases' table locked, every read and write of it, for the
whole build (seconds at a million cases). Other databases: Django's RemoveIndex and AddIndex."""

from django.db import migrations, models

OPEN = ['accepted', 'in_progress', 'needs_info', 'received', 'reopened', 'suspended']
OLD = models.Index(condition=models.Q(('clock_state', 'running'), ('due_date__isnull', False), ('state__in', OPEN)),
                   fields=['id'], name='case_sweep_keyset_idx')
NEW = models.Index(condition=models.Q(('due_date__isnull', False), ('state__in', OPEN)), fields=['id'],
                   name='case_sweep_keyset_idx')
BUILDING = 'case_sweep_keyset_new'


def _swap(apps, schema_editor, old, new):
    case = apps.get_model('cases', 'Case')
    if schema_editor.connection.vendor != 'postgresql':
        schema_editor.remove_index(case, old)
        schema_editor.add_index(case, new)
        return
    building = models.Index(fields=new.fields, condition=new.condition, name=BUILDING)
    schema_editor.execute(f'DROP INDEX CONCURRENTLY IF EXISTS "{BUILDING}"')  # a build an earlier run left half done
    schema_editor.execute(building.create_sql(case, schema_editor, concurrently=True))
    schema_editor.execute(f'DROP INDEX CONCURRENTLY IF EXISTS "{old.name}"')
    schema_editor.execute(f'ALTER INDEX "{BUILDING}" RENAME TO "{new.name}"')


class Migration(migrations.Migration):

    atomic = False

    dependencies = [
        ('cases', '0021_inspection_leads'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[migrations.RunPython(lambda apps, editor: _swap(apps, editor, OLD, NEW),
                                                      lambda apps, editor: _swap(apps, editor, NEW, OLD))],
            state_operations=[
                migrations.RemoveIndex(model_name='case', name='case_sweep_keyset_idx'),
                migrations.AddIndex(model_name='case', index=NEW),
            ],
        ),
    ]
