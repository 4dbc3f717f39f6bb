from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DialoguesConfig(AppConfig):
    name = "portal.dialogues"
    label = "dialogues"
    verbose_name = _("Dialogues and meetings")

    def ready(self):
        # The public calendar's, commitments' and API's cached lists (portal.core.pagecache) show sessions (with
        # their confirmed registrations), commitments with their progress, and the names of wards and departments:
        # any change of these makes them stale at once.
        from portal.core import pagecache
        from portal.wards.models import Department, Ward

        from .models import Commitment, CommitmentUpdate, Registration, Session

        pagecache.bump_on_change((pagecache.DIALOGUES,), Session, Registration, Commitment, CommitmentUpdate, Ward,
                                  Department)
        # A session page's questions (cached per session): a question asked, answered, hidden or merged, or a vote.
        from django.db.models.signals import post_delete, post_save

        from .models import Question, Vote
        from .selectors import questions_scope

        def question_changed(sender, instance, **kwargs):
            pagecache.bump_now_and_on_commit(questions_scope(instance.session_id))

        def vote_changed(sender, instance, **kwargs):
            question = instance.question if Vote.question.is_cached(instance) else (
                Question.objects.only("session_id").get(pk=instance.question_id))
            pagecache.bump_now_and_on_commit(questions_scope(question.session_id))

        for name, signal in (("save", post_save), ("delete", post_delete)):
            signal.connect(question_changed, sender=Question, weak=False, dispatch_uid=f"dialogue-questions:q:{name}")
            signal.connect(vote_changed, sender=Vote, weak=False, dispatch_uid=f"dialogue-questions:v:{name}")

        # A complaint dialogue's notices on the case's timeline are shown in the reader's language.
        from .services import register_timeline_texts

        register_timeline_texts()
