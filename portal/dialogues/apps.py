from django.apps import AppConfig


class DialoguesConfig(AppConfig):
    name = "portal.dialogues"
    label = "dialogues"

    def ready(self):
        # The public calendar's, commitments' and API's cached lists (portal.core.pagecache) show sessions (with
        # their confirmed registrations), commitments with their progress, and the names of wards and departments:
        # any change of these makes them stale at once.
        from portal.core import pagecache
        from portal.wards.models import Department, Ward

        from .models import Commitment, CommitmentUpdate, Registration, Session

        pagecache.bump_on_change((pagecache.DIALOGUES,), Session, Registration, Commitment, CommitmentUpdate, Ward,
                                  Department)
