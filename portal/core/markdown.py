"""The one Markdown renderer of the portal: text written by staff (disclosure bodies, dialogue minutes) to safe HTML.

Markdown renders first (tables, fenced code, definition lists, abbreviations, sane lists; raw HTML in the source is
passed on and then cleaned), then nh3 (the Rust `ammonia` sanitiser) keeps only the tags and attributes listed here.

Decisions
- Tags: text structure only (paragraphs, emphasis, headings h2–h6 — the page owns h1 —, lists, quotes, code, tables,
  definition lists, abbreviations, links). No `style`, `class`, `id` or event-handler attribute on anything; no
  `<script>`, `<style>`, `<iframe>`, `<object>`, `<embed>`, `<form>`, `<svg>`, `<math>`; comments are dropped.
- Links: only http, https and mailto URLs (and relative ones); anything else (javascript:, data:, vbscript:, file:
  …, in any case or encoding) loses its href. Every link gets rel="noopener noreferrer nofollow".
- Images: NOT allowed, from any host. An image from another host would tell that host who reads the page (a
  tracking pixel on a ward's official notice) and the Content-Security-Policy blocks it anyway (img-src 'self');
  images of our own host would only come from uploads, and disclosures and minutes carry their files as
  attachments (validated, re-encoded) instead. `![alt](url)` keeps nothing (the alt text is dropped with the tag).
- Belt and braces: nh3 already judges a URL's scheme the way a browser parses it; on top of that an href that would
  name a foreign scheme once its whitespace and control characters are removed ("java   script:") is dropped.
"""

from __future__ import annotations

import html as _html
import re

import markdown as _markdown
import nh3

ALLOWED_TAGS = frozenset({
    "p", "br", "hr", "strong", "em", "b", "i", "u", "s", "del", "ins", "sub", "sup", "mark", "small",
    "blockquote", "code", "pre", "kbd",
    "ul", "ol", "li", "dl", "dt", "dd",
    "h2", "h3", "h4", "h5", "h6",
    "table", "thead", "tbody", "tfoot", "tr", "th", "td", "caption",
    "a", "abbr",
})
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}, "th": {"scope", "colspan", "rowspan"},
                      "td": {"colspan", "rowspan"}, "ol": {"start"}}
URL_SCHEMES = frozenset({"http", "https", "mailto"})
LINK_REL = "noopener noreferrer nofollow"
EXTENSIONS = ["tables", "fenced_code", "def_list", "abbr", "sane_lists"]


def render_markdown(text: str | None) -> str:
    """Markdown to sanitised HTML (see the module's decisions). Safe to mark as safe in a template."""
    html = _markdown.markdown(text or "", extensions=EXTENSIONS, output_format="html")
    return sanitize_html(html)


_SCHEME = re.compile(r"^([a-z][a-z0-9+.-]*):")
_INVISIBLE = re.compile(r"[\s\x00-\x1f\x7f\u200b-\u200f\u2028\u2029\ufeff]+")


def _filter_attribute(tag: str, attribute: str, value: str) -> str | None:
    if attribute != "href":
        return value
    squeezed = _INVISIBLE.sub("", _html.unescape(value)).lower()
    scheme = _SCHEME.match(squeezed)
    return None if scheme and scheme.group(1) not in URL_SCHEMES else value


def sanitize_html(html: str) -> str:
    """Keep only the allowed tags, attributes and URL schemes of an HTML fragment."""
    return nh3.clean(html, tags=set(ALLOWED_TAGS), attributes={k: set(v) for k, v in ALLOWED_ATTRIBUTES.items()},
                     url_schemes=set(URL_SCHEMES), link_rel=LINK_REL, strip_comments=True,
                     clean_content_tags={"script", "style"}, attribute_filter=_filter_attribute)
