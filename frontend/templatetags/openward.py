from django import template

register = template.Library()


@register.filter
def get_item(mapping, key):
    """{{ dict|get_item:key }}"""
    try:
        return mapping.get(key)
    except AttributeError:
        return None


@register.simple_tag
def deadline_badge(case):
    """{% deadline_badge case %}: the deadline status of a case as a badge (frontend/views/queue_rows.py)."""
    from frontend.views.queue_rows import deadline_badge as badge

    return badge(case)
