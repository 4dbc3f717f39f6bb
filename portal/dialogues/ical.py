"""The public calendar of sessions as iCalendar (RFC 5545), built with the `icalendar` package."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable

from django.utils import timezone
from icalendar import Calendar, Event

from .models import Session

DEFAULT_LENGTH = dt.timedelta(hours=2)


def calendar_feed(sessions: Iterable[Session], *, name: str, url_for: Callable[[Session], str],
                  host: str = "openward") -> bytes:
    """One VEVENT per session, each with a stable UID and the URL of its page. No personal data."""
    cal = Calendar()
    cal.add("prodid", "-//OpenWard//Dialogues//VI")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", timezone.get_current_timezone_name())
    stamp = timezone.now().astimezone(dt.UTC)
    for session in sessions:
        event = Event()
        event.add("uid", f"dialogue-{session.pk}@{host}")
        event.add("dtstamp", stamp)
        event.add("dtstart", session.starts_at.astimezone(dt.UTC))
        event.add("dtend", (session.ends_at or session.starts_at + DEFAULT_LENGTH).astimezone(dt.UTC))
        event.add("summary", session.title)
        event.add("location", session.venue)
        link = url_for(session)
        event.add("url", link)
        description = "\n\n".join(part for part in (session.get_kind_display(), session.agenda,
                                                    session.online_link, link) if part)
        event.add("description", description)
        event.add("categories", [session.kind])
        event.add("status", "CANCELLED" if session.state == "cancelled" else "CONFIRMED")
        # Calendar apps replace an event they already have only when its SEQUENCE grows: one per public change.
        event.add("sequence", getattr(session, "revision", 0))
        cal.add_component(event)
    return cal.to_ical()
