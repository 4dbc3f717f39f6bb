"""Timeline entries that the portal writes itself, shown in the reader's language.

An assignment, an escalation, a returned answer, a new due date, a dialogue arranged for a complaint: services write
these into Message.body as text, in the language of the moment (the staff member's, the case's, or the sweep's
STAFF_LANGUAGE), and the API, exports and notifications read that text as it is. Pages show them in the reader's
language instead: `localize()` recognises a stored text as one of the messages registered here, in any of the
portal's languages, takes its values back and writes the message again in the active language. Text that matches no
message (a person's words, an older wording) is shown as stored.

The entries keep no message key or values of their own, so the rows written before this are translated too and no
column was added. A message is only looked for in the kinds of entries (and target states) it is written in, so the
words of a person are never taken for one, except a note that copies a message word for word.

Writers use the msgids below (`gettext(ASSIGNED) % values`), so that what they write and what is recognised cannot
drift apart; other apps register their own messages from their AppConfig.ready() (portal.dialogues)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext_noop

from .models import CaseState, MessageKind, RejectionReason

# --- the messages ------------------------------------------------------------------------------------------------

CLAIMED = gettext_noop("%(name)s took the case.")
ASSIGNED = gettext_noop("Assigned to %(name)s.")
ASSIGNED_AND_MOVED = gettext_noop("Assigned to %(name)s and moved to %(department)s.")
UNASSIGNED = gettext_noop("No officer is assigned to the case now.")
MOVED_UNASSIGNED = gettext_noop("Moved to %(department)s; no officer is assigned to it now.")
ANSWER_RETURNED = gettext_noop("Answer returned for changes: %(note)s")
MERGED_HERE = gettext_noop("Case %(code)s was merged into this one.")
OVERDUE_ESCALATED = gettext_noop("Overdue since %(due)s: escalated to the ward's leaders (%(names)s).")
OVERDUE_NO_LEADER = gettext_noop("Overdue since %(due)s: the ward has no leader with an e-mail address to alert.")
FORWARDED = gettext_noop("Forwarded to: %(body)s")
HANDLED_WITH = gettext_noop("Handled together with case %(code)s.")
NEW_DUE_DATE = gettext_noop("New due date: %(due)s. Reason: %(reason)s")
CALENDAR_CHANGED = gettext_noop("The working calendar changed (%(reason)s). New due date: %(due)s.")
# A marking that leaves the due date as it was: an internal note, not a "new due date" for the resident.
MARKED_COMPLEX = gettext_noop("Marked complex; the due date does not change. Reason: %(reason)s")
MARKED_ESPECIALLY_COMPLEX = gettext_noop("Marked especially complex; the due date does not change. Reason: %(reason)s")


class Verbatim(str):
    """A part of a message that is the same in every language (a line break, a separator)."""

    __slots__ = ()


@dataclass(frozen=True)
class SystemText:
    """A message as its parts, joined: a plain str is a msgid (translated), a Verbatim is kept as it is. `kinds`: the
    kinds of entries it is written in; `to_states`: the states the entry moves to (empty: any); `choices`: values
    that are labels of choices (e.g. the legal reason for not accepting), translated with the message."""

    parts: tuple[str, ...]
    kinds: frozenset[str]
    to_states: frozenset[str] = frozenset()
    choices: dict = field(default_factory=dict, hash=False, compare=False)

    def render(self, values: dict, language: str | None = None) -> str:
        """The message in `language` (by default the active one)."""
        language = language or translation.get_language()
        values = dict(values)
        for name, choices in self.choices.items():
            if values.get(name) in choices.values:
                values[name] = _label(choices, values[name], language)
        return self.format(language) % values

    def format(self, language: str | None = None) -> str:
        """The message's format string in `language` (by default the active one), kept per language: gettext is slow
        enough to count on a timeline of hundreds of entries."""
        language = language or translation.get_language()
        made = _FORMATS.get((self, language))
        if made is None:
            with translation.override(language):
                made = _FORMATS[(self, language)] = "".join(
                    part if isinstance(part, Verbatim) else translation.gettext(part) for part in self.parts)
        return made

    def regex(self, prefix: str = "") -> tuple[str, list[str]]:
        """The message in the active language as a regular expression that gives its values back, in groups named
        with `prefix`, and the values' names (a value written twice must be the same both times; a choice comes back
        as a label of any language)."""
        out, names = [], []
        for piece in re.split(r"(%\([a-z_]+\)s)", self.format()):
            name = piece[2:-2] if piece.startswith("%(") and piece.endswith(")s") else None
            if name is None:
                out.append(re.escape(piece.replace("%%", "%")))
            elif name in names:
                out.append(f"(?P={prefix}{name})")
            else:
                names.append(name)
                labels = _labels(self.choices[name]) if name in self.choices else None
                body = "|".join(re.escape(label) for label in labels) if labels else ".*?"
                out.append(f"(?P<{prefix}{name}>{body})")
        return "".join(out), names

    def values_of(self, match: re.Match, names: list[str], prefix: str = "") -> dict:
        values = {name: match.group(prefix + name) for name in names}
        for name, choices in self.choices.items():
            values[name] = _labels(choices).get(values[name], values[name])
        return values


@cache
def _labels(choices) -> dict[str, str]:
    """Every language's label of each choice, to its value (longest first, so that a label that starts another one
    is tried after it)."""
    found = {}
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            for value, label in choices.choices:
                found.setdefault(str(label), value)
    return dict(sorted(found.items(), key=lambda item: -len(item[0])))


@cache
def _label(choices, value: str, language: str) -> str:
    with translation.override(language):
        return str(choices(value).label)


_KIND = MessageKind
_REGISTRY: list[SystemText] = []
_FORMATS: dict[tuple[SystemText, str], str] = {}
_MATCHERS: dict[tuple[str, str], tuple[re.Pattern | None, list[tuple[SystemText, list[str]]]]] = {}


def register(*parts: str, kinds, to_states=(), choices=None) -> SystemText:
    """Add a message that some service writes into timeline entries of these kinds."""
    text = SystemText(tuple(parts), frozenset(kinds), frozenset(to_states), dict(choices or {}))
    if text not in _REGISTRY:
        _REGISTRY.append(text)
    _MATCHERS.clear()
    return text


for _msgid in (ASSIGNED_AND_MOVED, ASSIGNED, MOVED_UNASSIGNED, UNASSIGNED, CLAIMED, OVERDUE_ESCALATED,
               OVERDUE_NO_LEADER):
    register(_msgid, kinds={_KIND.SYSTEM})
for _msgid in (ANSWER_RETURNED, MERGED_HERE, MARKED_COMPLEX, MARKED_ESPECIALLY_COMPLEX):
    register(_msgid, kinds={_KIND.NOTE})
for _msgid in (NEW_DUE_DATE, CALENDAR_CHANGED):
    register(_msgid, kinds={_KIND.DEADLINE})
# The public entries of transitions (portal.cases.workflow._public_body): with the officer's text after a blank line.
register(FORWARDED, Verbatim("\n\n%(text)s"), kinds={_KIND.STATE_CHANGE}, to_states={CaseState.TRANSFERRED})
register(HANDLED_WITH, kinds={_KIND.STATE_CHANGE}, to_states={CaseState.MERGED})
register(Verbatim("%(reason)s\n\n%(text)s"), kinds={_KIND.STATE_CHANGE}, to_states={CaseState.REJECTED},
         choices={"reason": RejectionReason})


def _matcher(kind: str, to_state: str) -> tuple[re.Pattern | None, list[tuple[SystemText, list[str]]]]:
    """One regular expression for all the messages of this kind of entry (and target state) in every language, each
    message in a group of its own named by its position (so a single match, in C, tells which one it is and its
    values), made once per process. Within a language, messages are tried in the order they were registered."""
    key = (kind, to_state)
    made = _MATCHERS.get(key)
    if made is None:
        alternatives, texts = [], []
        for code, _name in settings.LANGUAGES:
            with translation.override(code):
                for text in _REGISTRY:
                    if kind in text.kinds and (not text.to_states or to_state in text.to_states):
                        source, names = text.regex(prefix=f"v{len(texts)}_")
                        alternatives.append(f"(?P<m{len(texts)}>{source})")
                        texts.append((text, names))
        pattern = re.compile("|".join(alternatives), re.DOTALL) if alternatives else None
        made = _MATCHERS[key] = (pattern, texts)
    return made


def parse(kind: str, body: str, to_state: str = "") -> tuple[SystemText, dict] | None:
    """The message and values a stored entry was written from, or None (a person's words, an unknown wording)."""
    if not body:
        return None
    pattern, texts = _matcher(kind, to_state or "")
    match = pattern.fullmatch(body) if pattern is not None else None
    if match is None:
        return None
    index = int(match.lastgroup[1:])
    text, names = texts[index]
    return text, text.values_of(match, names, prefix=f"v{index}_")


def localize(kind: str, body: str, to_state: str = "", *, language: str | None = None) -> str:
    """A timeline entry's text for the reader: a message of the portal in `language` (by default the active one;
    pass it when localizing many entries: asking Django for it costs more than the match), anything else (what a
    person wrote) as stored."""
    found = parse(kind, body, to_state)
    if found is None:
        return body
    text, values = found
    return text.render(values, language)
