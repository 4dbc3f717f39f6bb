"""Demo data of portal.transparency for `make run` (called by seed_demo last, after every other capability's demo
records): residents' ratings of some answers, through the rating service, so that the dashboard's satisfaction
figures are not empty; then every month's statistics rollups, so that the dashboard shows the whole demo history at
once (the hourly job only recomputes the current and the previous month)."""

from __future__ import annotations

import random

from portal.cases.models import Case, CaseState, MessageKind, Rating
from portal.cases.services import rate_answer

from . import rollups

RATED_SHARE = 0.6  # residents who rate the answer they got
SCORES = (3, 4, 4, 4, 5, 5, 5, 5)  # no poor rating: one would reopen the case and change the demo's states
COMMENTS = {3: "Đã được trả lời nhưng còn chậm.", 4: "Cảm ơn phường đã xử lý.", 5: "Phường xử lý nhanh, rất hài lòng."}


def seed(*, wards, today) -> dict[str, int]:
    """Rate some answered cases of the demo wards when none of their cases is rated yet; refresh the rollups."""
    created = 0
    cases = Case.objects.filter(ward__in=list(wards.values()))
    if not Rating.objects.filter(case__in=cases).exists():
        rng = random.Random(2026)
        answered = (cases.filter(state__in=[CaseState.ANSWERED, CaseState.CLOSED],
                                 messages__kind=MessageKind.ANSWER).distinct().order_by("id"))
        for case in answered:
            if rng.random() < RATED_SHARE:
                score = rng.choice(SCORES)
                rate_answer(case=case, score=score, comment=COMMENTS[score] if rng.random() < 0.5 else "")
                created += 1
    rollups.refresh_all()
    return {"ratings": created}
