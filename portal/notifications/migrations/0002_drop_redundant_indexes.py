"""Issue 7: the LIKE twin of the idempotency key's unique index, which nothing queries and every notification wrote."""

from django.db import migrations, models

from portal.core.dbops import drop_single_column_indexes


class Migration(migrations.Migration):

    dependencies = [
        ('cases', '0014_drop_redundant_indexes'),
        ('notifications', '0001_initial'),
    ]

    operations = [drop_single_column_indexes(
        'notifications',
        fields=[],
        unique=[('notification', 'key', 'notification_key_unique')],
        state_operations=[
            migrations.AlterField(
                model_name='notification',
                name='key',
                field=models.CharField(max_length=200),
            ),
            migrations.AddConstraint(
                model_name='notification',
                constraint=models.UniqueConstraint(fields=('key',), name='notification_key_unique'),
            ),
        ],
    )]
