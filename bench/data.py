"""What the benchmark scenarios use, picked from the database bench/generate.py loaded (Django must be set up): an
officer and their longest-timeline case, status links, the biggest ward and a year of it, a posted disclosure, the
busiest public dialogue session. Shared by bench/load.py (in its server's settings) and bench/inprocess.py."""

from __future__ import annotations


def pick(status_links: int = 400) -> dict:
    from django.db.models import Count

    from portal.cases.models import OPEN_STATES, Case, Message
    from portal.dialogues.models import PUBLIC_KINDS, Question, Vote
    from portal.disclosures.models import Disclosure
    from portal.wards.models import Membership

    long_case = Message.objects.values("case_id").annotate(n=Count("id")).order_by("-n").first()
    case = Case.objects.select_related("ward", "department").get(pk=long_case["case_id"])
    officer = (Membership.objects.filter(ward=case.ward, role="officer", departments=case.department)
               .select_related("user").first().user)
    status = list(Case.objects.exclude(channel="api").order_by("?").values_list("tracking_code", "id")[:status_links])
    biggest = Case.objects.values("ward__code").annotate(n=Count("id")).order_by("-n").first()["ward__code"]
    year = Case.objects.filter(ward__code=biggest).latest("received_on").received_on.year - 1
    disclosure = Disclosure.objects.filter(ward__code=biggest, state="posted").values_list("pk", flat=True).first()
    busiest = (Question.objects.filter(session__kind__in=PUBLIC_KINDS, state="visible").values("session_id")
               .annotate(n=Count("id")).order_by("-n", "session_id").first())
    dialogue = busiest and {"session": busiest["session_id"], "questions": busiest["n"],
                            "votes": Vote.objects.filter(question__session_id=busiest["session_id"]).count()}
    return {"case": case.tracking_code, "timeline": long_case["n"], "officer": officer.username,
            "department": case.department_id, "status": status, "ward": biggest, "year": year,
            "cases": Case.objects.count(), "open": Case.objects.filter(state__in=list(OPEN_STATES)).count(),
            "disclosure": disclosure, "dialogue": dialogue}
