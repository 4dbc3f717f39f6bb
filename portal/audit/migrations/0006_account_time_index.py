"""The accounts' log page (portal.audit.selectors.log_page, LogFilters.accounts) reads the events about accounts
(models.ACCOUNT_ACTIONS) newest first, from a (created_at, id) cursor: audit_account_time_idx, partial, so that only
those rare events write it (a login does not)."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('audit', '0005_chain_check'),
    ]

    operations = [
        migrations.AddIndex(
            model_name='auditevent',
            index=models.Index(condition=models.Q(('action__in', ('auth.account_created', 'auth.account_changed', 'auth.account_deleted', 'auth.password_set_by_admin', 'auth.two_factor_reset', 'auth.api_token_revoked', 'auth.two_factor_enabled', 'auth.two_factor_disabled', 'auth.backup_codes_renewed', 'auth.password_reset'))), fields=['created_at', 'id'], name='audit_account_time_idx'),
        ),
    ]
