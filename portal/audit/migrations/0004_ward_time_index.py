"""The audit log page (portal.audit.selectors.log_page) reads a ward's events newest first, from a (created_at, id)
cursor and within a date range: audit_ward_time_idx (ward, created_at, id). The ward's single-column index is its
leading part, so it goes (portal.core.dbops.drop_single_column_indexes: no foreign key dropped and re-checked); every
audited action still writes the same number of indexes."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

from portal.core.dbops import drop_single_column_indexes


class Migration(migrations.Migration):

    dependencies = [
        ('audit', '0003_drop_redundant_indexes'),
        ('wards', '0002_ward_code_validator'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddIndex(
            model_name='auditevent',
            index=models.Index(fields=['ward', 'created_at', 'id'], name='audit_ward_time_idx'),
        ),
        drop_single_column_indexes(
            'audit',
            fields=[('auditevent', 'ward')],
            state_operations=[
                migrations.AlterField(
                    model_name='auditevent',
                    name='ward',
                    field=models.ForeignKey(blank=True, db_index=False, null=True,
                                            on_delete=django.db.models.deletion.PROTECT, to='wards.ward'),
                ),
            ],
        ),
    ]
