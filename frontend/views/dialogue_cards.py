"""The long lists of the dialogue pages as HTML, built here rather than in template loops (issue 7).

Through an {% include %} per row, get_*_display, {% url %}, |date and {% translate %}, a session card cost about half
a millisecond to render: the city's calendar (up to 400 cards), the commitments page (220) and a conference with
hundreds of questions took 100–500 ms of template work for a few milliseconds of SQL. Here labels, translations and
link patterns are worked out once per page; every value from the database is escaped. Each function sets one
attribute on the objects it is given (`card`, or `item` for questions), which the templates print in their loops.
"""

from __future__ import annotations

import re

from django.middleware.csrf import get_token
from django.template.defaultfilters import linebreaksbr
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from portal.core.text import paragraphs_html
from portal.dialogues.models import CommitmentStatus, SessionKind, SessionState

_PK = 987654321  # a pk no row has: reverse() once per page, then the pattern is filled in for each row


def _link(name: str):
    head, tail = reverse(name, kwargs={"pk": _PK}).split(str(_PK))
    return lambda pk: f"{head}{pk}{tail}"


def _day(value) -> str:
    """|date:"d/m/Y" (digits only: nothing to translate)."""
    return f"{value:%d/%m/%Y}"


def session_cards(sessions, *, staff_link: bool = False) -> None:
    """Set `card` on each session: the calendar's and the staff list's <li> (was _session_card.html)."""
    kinds = {value: escape(label) for value, label in SessionKind.choices}
    states = {value: escape(label) for value, label in SessionState.choices}
    late = f' <span class="badge late">{escape(_("Announced late"))}</span>'
    link = _link("frontend:dialogues-staff-session" if staff_link else "frontend:dialogues-session")
    days: dict = {}  # "l d/m/Y" (the weekday's name translated) once per day
    for s in sessions:
        local = timezone.localtime(s.starts_at)
        day = local.date()
        if day not in days:
            days[day] = escape(formats.date_format(day, "l d/m/Y"))
        s.card = mark_safe(  # noqa: S308 (every value is escaped)
            f'<li class="card dlg-card">\n'
            f'  <span class="badge kind-{escape(s.kind)}">{kinds.get(s.kind, escape(s.kind))}</span> '
            f'<span class="badge state-{escape(s.state)}">{states.get(s.state, escape(s.state))}</span>'
            f'{late if s.announcement_late else ""}\n'
            f'  <h3><a href="{link(s.pk)}">{escape(s.title)}</a></h3>\n'
            f'  <p class="muted"><time datetime="{local.isoformat()}">'
            f'{local:%H:%M}, {days[day]}</time> · {escape(s.venue)} · '
            f'{escape(s.ward.name)}</p>\n</li>')


def commitment_cards(commitments, *, today, show_session: bool = False) -> None:
    """Set `card` on each commitment: its <li> with the public progress log (was _commitment.html). The progress
    log is read from the prefetched `updates`."""
    statuses = {value: escape(label) for value, label in CommitmentStatus.choices}
    text = {key: escape(value) for key, value in {
        "overdue": _("Overdue"), "on_time": _("On time"), "responsible": _("Responsible"), "due": _("Due date"),
        "done": _("Done on"), "from": _("From"), "dropped": _("Reason it was dropped:"), "progress": _("Progress"),
    }.items()}
    link = _link("frontend:dialogues-session")
    for c in commitments:
        status = statuses.get(c.status, escape(c.status))
        badges = ""
        if c.is_open and c.due_date < today:
            badges += f'\n  <span class="badge late">{text["overdue"]}</span>'
        if c.done_on_time:
            badges += f'\n  <span class="badge status-done">{text["on_time"]}</span>'
        facts = (f'    <div><dt>{text["responsible"]}</dt><dd>{escape(c.department.name)}</dd></div>\n'
                 f'    <div><dt>{text["due"]}</dt><dd>{_day(c.due_date)}</dd></div>\n')
        if c.done_on:
            facts += f'    <div><dt>{text["done"]}</dt><dd>{_day(c.done_on)}</dd></div>\n'
        if show_session:
            facts += (f'    <div><dt>{text["from"]}</dt><dd><a href="{link(c.session_id)}">{escape(c.session.title)}'
                      f'</a> · {escape(c.ward.name)}</dd></div>\n')
        dropped = ""
        if c.status == CommitmentStatus.DROPPED:
            dropped = f'\n  <p class="warning"><strong>{text["dropped"]}</strong> {escape(c.status_reason)}</p>'
        updates = list(c.updates.all())
        log = ""
        if len(updates) > 1:
            entries = "".join(
                f'<li><time>{_day(timezone.localtime(u.created_at))}</time> '
                f'<strong>{statuses.get(u.status, escape(u.status))}</strong>'
                f'{" — " + escape(u.note) if u.note else ""}</li>' for u in updates)
            log = (f'\n  <details><summary>{text["progress"]} ({len(updates)})</summary>\n'
                   f'    <ol class="timeline">{entries}</ol>\n  </details>')
        c.card = mark_safe(  # noqa: S308 (every value is escaped)
            f'<li class="card dlg-commitment" id="c-{c.pk}">\n'
            f'  <span class="badge status-{escape(c.status)}">{status}</span>{badges}\n'
            f'  <h3>{escape(c.title)}</h3>\n  <dl class="facts">\n{facts}  </dl>{dropped}{log}\n</li>')


VOTE_MARK = "<!--vote:{pk}-->"  # where a question's vote button or "you voted" goes, in a page kept for every resident
_VOTE_MARKS = re.compile(r"<!--vote:(\d+)-->")


def question_items(questions, *, can_vote: bool) -> None:
    """Set `item` on each question of a session's public page: its <li> with the votes and the ward's answer, the same
    for every visitor (so the list can be cached, portal.core.pagecache). With `can_vote` (residents, while the session
    takes questions) each item carries a mark where vote_actions() puts the visitor's own button."""
    votes_label, votes_word = escape(_("Votes")), escape(_("votes"))
    answer_label = escape(_("The ward's answer"))
    for q in questions:
        action = VOTE_MARK.format(pk=q.pk) if can_vote else ""
        answer = ""
        if q.answer:
            answer = (f'<div class="explanation"><strong>{answer_label}</strong>'
                      f'{paragraphs_html(q.answer)}</div>')
        q.item = mark_safe(  # noqa: S308 (every value is escaped)
            f'<li id="q-{q.pk}" class="dlg-question">\n'
            f'  <div class="dlg-votes" aria-label="{votes_label}"><strong>{formats.localize(q.votes_count)}</strong>'
            f'<span>{votes_word}</span></div>\n'
            f'  <div class="dlg-qbody">\n    <p>{linebreaksbr(q.text, autoescape=True)}</p>\n'
            f'    {action}\n    {answer}\n  </div>\n</li>')


def vote_actions(request, html: str, *, voted: set[int]) -> str:
    """The questions' list from question_items(can_vote=True) for this resident: "you voted" on the questions they
    voted for, a vote button (with their CSRF token) on the others."""
    voted_text = f'<p class="dlg-ok">{escape(_("You voted for this question."))}</p>'
    button = escape(_("Vote for this question"))
    token = escape(get_token(request))
    link = _link("frontend:dialogues-vote")

    def action(match) -> str:
        pk = int(match.group(1))
        if pk in voted:
            return voted_text
        return (f'<form method="post" action="{link(pk)}"><input type="hidden" name="csrfmiddlewaretoken" '
                f'value="{token}"><button type="submit" class="button small">{button}</button></form>')

    return mark_safe(_VOTE_MARKS.sub(action, html))  # noqa: S308 (the list was escaped when built; so is the rest)
