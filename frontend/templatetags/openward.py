from django import template

register = template.Library()


@register.filter
def get_item(mapping, key):
    """{{ dict|get_item:key }}"""
    try:
        return mapping.get(key)
    except AttributeError:
        return None


@register.filter
def entry_text(message):
    """{{ message|entry_text }}: a timeline entry's text, what the portal wrote in the reader's language
    (portal.cases.timeline_text), what a person wrote as written."""
    from portal.cases.timeline_text import localize

    return localize(message.kind, message.body, message.to_state)


@register.filter
def localized_name(obj):
    """{{ category|localized_name }}: a case or disclosure category's name in the active language."""
    from django.utils.translation import get_language

    return obj.display_name(get_language() or "vi")


@register.filter
def legal_citation(text, part=""):
    """{{ source|legal_citation }}: a Vietnamese legal citation (legal data) for the page. In Vietnamese as it is; in
    another language the citation in English (portal.core.legal), or, for a citation it does not know, the Vietnamese
    text marked lang="vi". {{ source|legal_citation:"cited" }} takes only the citation that starts a source, without
    the Vietnamese explanation after it (a deadline policy's source)."""
    from django.utils.html import format_html
    from django.utils.translation import get_language

    from portal.core.legal import citation_for

    language = get_language() or "vi"
    shown, vietnamese = citation_for(text, language, cited=part == "cited")
    return format_html('<span lang="vi">{}</span>', shown) if vietnamese and language != "vi" else shown


@register.simple_tag
def deadline_badge(case):
    """{% deadline_badge case %}: the deadline status of a case as a badge (frontend/views/queue_rows.py)."""
    from frontend.views.queue_rows import deadline_badge as badge

    return badge(case)


@register.filter
def reads_audit_log(user) -> bool:
    """{% if user|reads_audit_log %}: a leader or supervisor of a ward (portal.audit.permissions); no query beyond
    the user's memberships, which the desk's pages have read already."""
    from portal.audit.permissions import may_read_log

    return may_read_log(user)


# The desk menu's entry for a page, by the page's URL name: the entry's own page, then the pages inside its section.
DESK_PAGES = {"desk-queue": "home", "desk-audit": "audit", "disclosures-staff": "disclosures",
              "dialogues-staff": "dialogues", "recommendations": "recommendations", "desk-leads": "leads"}
DESK_SECTIONS = (("disclosures-staff-", "disclosures"), ("dialogues-staff-", "dialogues"),
                 ("recommendation-", "recommendations"), ("desk-audit-", "audit"), ("desk-lead", "leads"),
                 ("desk-", "home"))
# The queue's own entries: the filter each one applies.
QUEUE_ENTRIES = {"mine": ("assignee", "me"), "unassigned": ("assignee", "none"), "overdue": ("deadline", "overdue"),
                 "pending": ("answer", "pending")}


def desk_current(request) -> dict[str, str]:
    """The desk menu's current entry as {entry: value of its aria-current}: "page" on the entry's own page (the queue
    with exactly its filter in it), "true" on a page inside the entry's section (a case, a disclosure being edited, a
    dialogue session, the queue with other filters)."""
    match = getattr(request, "resolver_match", None)
    name = match.url_name if match is not None else None
    if not name:
        return {}
    if name == "desk-queue" and request.GET:
        current = {entry: "page" for entry, (key, value) in QUEUE_ENTRIES.items() if request.GET.get(key) == value}
        return current or {"home": "true"}
    if name in DESK_PAGES:
        return {DESK_PAGES[name]: "page"}
    for prefix, entry in DESK_SECTIONS:
        if name.startswith(prefix):
            return {entry: "true"}
    return {}


# The public dialogues' menu (frontend/dialogues/_nav.html): its entries' own pages, then the pages inside them.
DIALOGUES_PAGES = {"dialogues-calendar": "calendar", "dialogues-commitments": "commitments",
                   "dialogues-requests": "requests", "dialogues-compliance": "compliance"}
DIALOGUES_SECTIONS = {"dialogues-session": "calendar", "dialogues-ask": "calendar", "dialogues-request": "requests"}


@register.simple_tag(takes_context=True)
def dialogues_current(context) -> dict[str, str]:
    """{% dialogues_current as current %}: the dialogues menu's current entry as {entry: value of its aria-current},
    like the desk's: "page" on the entry's own page (the calendar, whatever its filters), "true" on a page inside it
    (a session: the calendar; a request for a dialogue: the requests). No query."""
    match = getattr(context.get("request"), "resolver_match", None)
    name = match.url_name if match is not None else None
    if name in DIALOGUES_PAGES:
        return {DIALOGUES_PAGES[name]: "page"}
    if name in DIALOGUES_SECTIONS:
        return {DIALOGUES_SECTIONS[name]: "true"}
    return {}


@register.simple_tag(takes_context=True)
def desk_menu(context):
    """{% desk_menu as menu %}: which entries of the desk menu the signed-in user's roles call for (their memberships
    are read once per request: portal.cases.permissions.scope_of), and which entry is the current one (no query)."""
    from portal.cases.permissions import scope_of

    request = context.get("request")
    scope = scope_of(request.user if request is not None else None)
    return {"works": scope.works_cases, "leads": scope.leads, "recommendations": scope.on_recommendations,
            "current": desk_current(request) if request is not None else {}}


@register.simple_tag(takes_context=True)
def path(context, name):
    """{% path 'frontend:home' %}: {% url 'frontend:home' %} for a URL without arguments, the same path (escaped the
    same way), made once per URL configuration, script prefix, language and current application
    (frontend.desk_paths.fixed_path): the site's header, footer and the desk's menu reversed some twenty each page."""
    from frontend.desk_paths import fixed_path

    try:  # as {% url %} finds it
        current_app = context.request.current_app
    except AttributeError:
        try:
            current_app = context.request.resolver_match.namespace
        except AttributeError:
            current_app = None
    return fixed_path(name, current_app)
