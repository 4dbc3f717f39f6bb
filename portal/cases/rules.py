"""Intake rules per kind of case (SPEC §2). Pure: takes plain values, returns field errors."""

import datetime as dt

from django.utils.translation import gettext as _

from portal.wards.models import CaseKind

from .models import Case, NotifyBy

# Case.contact_email's length (254, Django's EmailField): forms.EmailField allows 320 characters and DRF's and
# Open311's checks none, and PostgreSQL refuses a longer value with an error (a 500) instead of a field message.
EMAIL_MAX_LENGTH = Case._meta.get_field("contact_email").max_length
# An anonymous denunciation without attachments describes its evidence in at least this many characters.
LEAD_EVIDENCE_MIN_LENGTH = 20


def submission_errors(*, kind: str, is_anonymous: bool, contact_name: str, contact_address: str,
                      contact_phone: str, contact_email: str, notify_by: str, decision_date: dt.date | None,
                      signatory_count: int, representative_name: str, latitude, longitude,
                      today: dt.date, denounced_person: str = "", evidence: str = "",
                      attachments: int = 0) -> dict[str, list[str]]:
    """`attachments`: how many files come with the submission (an anonymous denunciation's evidence may be one)."""
    errors: dict[str, list[str]] = {}

    def add(field, message):
        errors.setdefault(field, []).append(message)

    lead = kind == CaseKind.DENUNCIATION and is_anonymous
    if kind == CaseKind.COMPLAINT and is_anonymous:
        add("is_anonymous", _("A complaint cannot be anonymous: the law requires the complainant's name "
                              "and address (Law on Complaints, Art. 8)."))
    if lead:
        # Law on Denunciations Art. 25(2): an anonymous denunciation is not processed as a denunciation; one that
        # names the violator and gives concrete evidence is passed to the ward's leaders as an inspection lead.
        if not denounced_person.strip():
            add("denounced_person", _("An anonymous denunciation must name the official or body you denounce "
                                      "(Law on Denunciations, Art. 25)."))
        if attachments == 0 and len(evidence.strip()) < LEAD_EVIDENCE_MIN_LENGTH:
            add("evidence", _("An anonymous denunciation must give evidence: attach at least one photo or "
                              "document, or describe the evidence in at least %(n)s characters (what it is, where "
                              "it can be checked, who witnessed it).") % {"n": LEAD_EVIDENCE_MIN_LENGTH})
        if notify_by != NotifyBy.NONE:
            add("notify_by", _("An anonymous denunciation gets no answer and no notifications; keep its tracking "
                               "code to confirm it was received."))
    elif kind in (CaseKind.COMPLAINT, CaseKind.DENUNCIATION):
        if not contact_name.strip():
            add("contact_name", _("Your full name is required for a complaint or a denunciation."))
        if not contact_address.strip():
            add("contact_address", _("Your address is required for a complaint or a denunciation."))
    if kind == CaseKind.DENUNCIATION and not lead and not (contact_phone.strip() or contact_email.strip()):
        add("contact_phone", _("A denunciation needs a phone number or an e-mail address to reach you."))
    if kind == CaseKind.COMPLAINT:
        if decision_date is None:
            add("decision_date", _("Enter the date you learned of the decision or act you complain about."))
        elif decision_date > today:
            add("decision_date", _("This date cannot be in the future."))

    if len(contact_email.strip()) > EMAIL_MAX_LENGTH:
        add("contact_email", _("An e-mail address has at most %(n)s characters.") % {"n": EMAIL_MAX_LENGTH})
    if notify_by == NotifyBy.EMAIL and not contact_email.strip():
        add("contact_email", _("Enter an e-mail address to be notified by e-mail."))
    if notify_by == NotifyBy.SMS and not contact_phone.strip():
        add("contact_phone", _("Enter a phone number to be notified by SMS."))
    if is_anonymous and kind == CaseKind.FEEDBACK and notify_by != NotifyBy.NONE:
        add("notify_by", _("Anonymous feedback cannot receive notifications; follow it with its tracking code."))

    if signatory_count >= 5 and not representative_name.strip():
        add("representative_name", _("A case signed by five or more people must name its representative."))

    if (latitude is None) != (longitude is None):
        add("latitude", _("Give both latitude and longitude, or neither."))
    else:
        if latitude is not None and not (-90 <= latitude <= 90):
            add("latitude", _("Latitude must be between -90 and 90."))
        if longitude is not None and not (-180 <= longitude <= 180):
            add("longitude", _("Longitude must be between -180 and 180."))
    return errors


def is_late_complaint(*, decision_date: dt.date | None, received_on: dt.date, window_days: int) -> bool:
    """Law on Complaints Art. 9: the filing window is 90 days from learning of the decision."""
    return decision_date is not None and (received_on - decision_date).days > window_days
