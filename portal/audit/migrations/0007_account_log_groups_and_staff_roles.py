"""The accounts' log also lists groups of permissions created, changed and deleted (models.GROUP_ACTIONS) and the staff
roles given, changed and taken in a ward (models.STAFF_ROLE_ACTIONS): audit_account_time_idx, partial, now holds them
too (models.ACCOUNT_LOG_ACTIONS), so the page still reads only these rare events newest first."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('audit', '0006_account_time_index'),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name='auditevent',
            name='audit_account_time_idx',
        ),
        migrations.AddIndex(
            model_name='auditevent',
            index=models.Index(condition=models.Q(('action__in', ('auth.account_created', 'auth.account_changed', 'auth.account_deleted', 'auth.password_set_by_admin', 'auth.two_factor_reset', 'auth.api_token_revoked', 'auth.two_factor_enabled', 'auth.two_factor_disabled', 'auth.backup_codes_renewed', 'auth.password_reset', 'auth.group_created', 'auth.group_changed', 'auth.group_deleted', 'membership.created', 'membership.changed', 'membership.deleted'))), fields=['created_at', 'id'], name='audit_account_time_idx'),
        ),
    ]
