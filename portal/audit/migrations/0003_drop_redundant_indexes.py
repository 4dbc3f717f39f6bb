"""Issue 7: the LIKE twin of the event hash's unique index, which nothing queries and every audited action wrote."""

from django.conf import settings
from django.db import migrations, models

from portal.core.dbops import drop_single_column_indexes


class Migration(migrations.Migration):

    dependencies = [
        ('audit', '0002_chain_head'),
        ('wards', '0002_ward_code_validator'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [drop_single_column_indexes(
        'audit',
        fields=[],
        unique=[('auditevent', 'hash', 'audit_event_hash_unique')],
        state_operations=[
            migrations.AlterField(
                model_name='auditevent',
                name='hash',
                field=models.CharField(max_length=64),
            ),
            migrations.AddConstraint(
                model_name='auditevent',
                constraint=models.UniqueConstraint(fields=('hash',), name='audit_event_hash_unique'),
            ),
        ],
    )]
