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

    from portal.core.legal import citation_head, english_citation

    text = text or ""
    if not text or (get_language() or "vi") == "vi":
        return text
    english = english_citation(citation_head(text) if part == "cited" else text)
    return english if english else format_html('<span lang="vi">{}</span>', text)


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


@register.simple_tag(takes_context=True)
def desk_menu(context):
    """{% desk_menu as menu %}: which entries of the desk menu the signed-in user's roles call for (their memberships
    are read once per request: portal.cases.permissions.scope_of)."""
    from portal.cases.permissions import scope_of

    request = context.get("request")
    scope = scope_of(request.user if request is not None else None)
    return {"works": scope.works_cases, "leads": scope.leads, "recommendations": scope.on_recommendations}
