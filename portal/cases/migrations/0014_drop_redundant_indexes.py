"""Issue 7: indexes that every filing wrote and no query needs. The single-column indexes of the case's ward,
department, assignee and owner, of a timeline entry's and a clock event's case and of the number row's ward: each is
the first column of a composite index that serves the same lookups. And the LIKE twin of the tracking code's unique
index (see portal.core.dbops.drop_single_column_indexes)."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

from portal.core.dbops import drop_single_column_indexes


class Migration(migrations.Migration):

    dependencies = [
        ('cases', '0013_sweep_keyset_index'),
        ('wards', '0002_ward_code_validator'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [drop_single_column_indexes(
        'cases',
        fields=[('case', 'ward'), ('case', 'department'), ('case', 'assignee'), ('case', 'owner'), ('casesequence', 'ward'), ('message', 'case'), ('caseclockevent', 'case')],
        unique=[('case', 'tracking_code', 'case_tracking_code_unique')],
        state_operations=[
            migrations.AlterField(
                model_name='case',
                name='assignee',
                field=models.ForeignKey(blank=True, db_index=False, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='assigned_cases', to=settings.AUTH_USER_MODEL),
            ),
            migrations.AlterField(
                model_name='case',
                name='department',
                field=models.ForeignKey(blank=True, db_index=False, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='cases', to='wards.department'),
            ),
            migrations.AlterField(
                model_name='case',
                name='owner',
                field=models.ForeignKey(blank=True, db_index=False, help_text="The resident's account, when filed signed in", null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='own_cases', to=settings.AUTH_USER_MODEL),
            ),
            migrations.AlterField(
                model_name='case',
                name='tracking_code',
                field=models.CharField(max_length=32, verbose_name='tracking code'),
            ),
            migrations.AlterField(
                model_name='case',
                name='ward',
                field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.PROTECT, related_name='cases', to='wards.ward'),
            ),
            migrations.AlterField(
                model_name='caseclockevent',
                name='case',
                field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='clock_events', to='cases.case'),
            ),
            migrations.AlterField(
                model_name='casesequence',
                name='ward',
                field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, to='wards.ward'),
            ),
            migrations.AlterField(
                model_name='message',
                name='case',
                field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='messages', to='cases.case'),
            ),
            migrations.AddConstraint(
                model_name='case',
                constraint=models.UniqueConstraint(fields=('tracking_code',), name='case_tracking_code_unique'),
            ),
        ],
    )]
