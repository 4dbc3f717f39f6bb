"""The accounts' log page (portal.audit.selectors.log_page, LogFilters.accounts) reads the events it lists
(models.ACCOUNT_LOG_ACTIONS: accounts, groups of permissions, staff roles) newest first, from a (created_at, id)
cursor: audit_account_time_idx, partial, so that only those rare events write it (a login does not). Built without
blocking the audit log's writes (portal.core.dbops.AddIndexWithoutBlockingWrites)."""

from django.db import migrations, models

from portal.core.dbops import AddIndexWithoutBlockingWrites


class Migration(migrations.Migration):

    atomic = False

    dependencies = [
        ('audit', '0005_chain_check'),
    ]

    operations = [
        AddIndexWithoutBlockingWrites(
            model_name='auditevent',
            index=models.Index(condition=models.Q(('action__in', ('auth.account_created', 'auth.account_changed', 'auth.account_deleted', 'auth.password_set_by_admin', 'auth.two_factor_reset', 'auth.api_token_revoked', 'auth.two_factor_enabled', 'auth.two_factor_disabled', 'auth.backup_codes_renewed', 'auth.password_reset', 'auth.group_created', 'auth.group_changed', 'auth.group_deleted', 'membership.created', 'membership.changed', 'membership.deleted'))), fields=['created_at', 'id'], name='audit_account_time_idx'),
        ),
    ]
