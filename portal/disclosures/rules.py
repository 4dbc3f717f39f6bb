"""The posting rules of Law on Grassroots Democracy 10/2022/QH15 Arts. 12–13 and 25–28, without a database."""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext as _

from .models import CONSULTATION_MIN_DAYS, DisclosureForm


def days_inclusive(first: dt.date, last: dt.date) -> int:
    """Consecutive days from first to last, both counted: 1 January to 30 January is 30 days."""
    return (last - first).days + 1


def minimum_end(category, start: dt.date) -> dt.date | None:
    """The earliest end date of the posting the law allows (None: permanent or no minimum)."""
    if category.is_permanent or not category.board_min_days:
        return None
    return start + dt.timedelta(days=category.board_min_days - 1)


def posting_errors(*, category, decision_date: dt.date | None, start: dt.date | None, end: dt.date | None,
                   forms: list[str], loudspeaker_days: int | None) -> dict[str, list[str]]:
    """Field → messages for a posting plan that breaks Art. 13 (empty when it is lawful)."""
    errors: dict[str, list[str]] = {}

    def add(field, message):
        errors.setdefault(field, []).append(message)

    unknown = [f for f in forms if f not in DisclosureForm.values]
    if unknown:
        add("forms", _("Unknown form of disclosure: %(forms)s.") % {"forms": ", ".join(unknown)})
    if not forms:
        add("forms", _("Choose at least one form of disclosure."))
    if start is None:
        add("posting_start", _("Give the first day of the posting."))
        return errors
    if decision_date is not None and start < decision_date:
        add("posting_start", _("The posting cannot start before the decision."))
    if category.is_permanent:
        if end is not None:
            add("posting_end", _("This category is posted permanently (Art. 13): leave the end date empty."))
    elif end is None:
        add("posting_end", _("Give the last day of the posting."))
    elif end < start:
        add("posting_end", _("The posting cannot end before it starts."))
    elif category.board_min_days and days_inclusive(start, end) < category.board_min_days:
        add("posting_end", _("This category must stay on the notice board at least %(days)d consecutive days "
                             "(Art. 13): until %(date)s at the earliest.")
            % {"days": category.board_min_days, "date": minimum_end(category, start).strftime("%d/%m/%Y")})
    if category.loudspeaker_min_days:
        if DisclosureForm.LOUDSPEAKER not in forms:
            add("forms", _("This category must also be announced on the loudspeaker system (Art. 13)."))
        elif (loudspeaker_days or 0) < category.loudspeaker_min_days:
            add("loudspeaker_days", _("At least %(days)d days on the loudspeaker (Art. 13).")
                % {"days": category.loudspeaker_min_days})
    return errors


def consultation_errors(*, opens_on: dt.date | None, closes_on: dt.date | None,
                        today: dt.date) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if opens_on is None:
        errors["opens_on"] = [_("Give the first day of the comment period.")]
    elif opens_on < today:
        errors["opens_on"] = [_("The comment period cannot start in the past.")]
    if closes_on is None:
        errors["closes_on"] = [_("Give the last day of the comment period.")]
    elif opens_on is not None and days_inclusive(opens_on, closes_on) < CONSULTATION_MIN_DAYS:
        errors["closes_on"] = [_("Residents must have at least %(days)d days to comment.")
                               % {"days": CONSULTATION_MIN_DAYS}]
    return errors
