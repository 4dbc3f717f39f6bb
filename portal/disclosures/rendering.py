"""A disclosure's body: Markdown to safe HTML with the portal's one sanitiser (portal.core.markdown)."""

from portal.core.markdown import ALLOWED_ATTRIBUTES, ALLOWED_TAGS, URL_SCHEMES, render_markdown

__all__ = ["ALLOWED_ATTRIBUTES", "ALLOWED_TAGS", "URL_SCHEMES", "render_markdown"]
