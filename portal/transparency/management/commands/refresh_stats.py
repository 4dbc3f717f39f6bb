from django.core.management.base import BaseCommand, CommandError

from portal.transparency import rollups
from portal.wards.models import Ward


class Command(BaseCommand):
    help = "Recompute the statistics rollups of every month (of one ward with --ward CODE)."

    def add_arguments(self, parser):
        parser.add_argument("--ward", help="ward code")

    def handle(self, *args, ward=None, **options):
        target = None
        if ward:
            target = Ward.objects.filter(code=ward).first()
            if target is None:
                raise CommandError(f"no ward with code {ward!r}")
        rows = rollups.refresh_all(ward=target)
        self.stdout.write(f"{rows} statistics rows written")
