from django.core.management.base import BaseCommand, CommandError

from portal.audit.services import verify_chain


class Command(BaseCommand):
    help = "Verify the audit log's hash chain and name the first broken link."

    def handle(self, *args, **options):
        report = verify_chain()
        if not report.ok:
            where = f"event #{report.first_broken_id}" if report.first_broken_id else "chain head"
            raise CommandError(f"Audit chain broken at {where}: {report.reason} ({report.checked} events verified)")
        self.stdout.write(self.style.SUCCESS(f"Audit chain intact: {report.checked} events verified"))
