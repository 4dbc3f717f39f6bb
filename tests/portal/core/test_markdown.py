"""The portal's one Markdown sanitiser (portal.core.markdown) against XSS payloads, and a property: whatever the
input, the output has no <script, no on…= attribute, no javascript: (nor data:/vbscript:) URL, no image."""

import html as html_lib
import re
from html.parser import HTMLParser

import pytest
from hypothesis import given
from hypothesis import strategies as st

from portal.core.markdown import render_markdown
from portal.dialogues.services import render_minutes
from portal.disclosures.rendering import render_markdown as render_disclosure

PAYLOADS = [
    # script tags, in every disguise
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    "<scr<script>ipt>alert(1)</scr</script>ipt>",
    "<script\x20type=\"text/javascript\">alert(1);</script>",
    "<<script>alert(1);//<</script>",
    "<script/xss src=//evil.example></script>",
    "%3Cscript%3Ealert(1)%3C/script%3E",
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    # event handlers
    "<img src=x onerror=alert(1)>",
    "<body onload=alert(1)>",
    "<div onmouseover=\"alert(1)\">hover</div>",
    "<a href=\"https://ok.example\" onclick=\"alert(1)\">ok</a>",
    "<p/onclick=alert(1)>x</p>",
    "<input autofocus onfocus=alert(1)>",
    "<details open ontoggle=alert(1)>",
    "<video><source onerror=alert(1)></video>",
    "<marquee onstart=alert(1)>",
    # javascript:, data:, vbscript: URLs
    "<a href=\"javascript:alert(1)\">x</a>",
    "<a href=\"JaVaScRiPt:alert(1)\">x</a>",
    "<a href=\"  javascript:alert(1)\">x</a>",
    "<a href=\"java\tscript:alert(1)\">x</a>",
    "<a href=\"&#106;avascript:alert(1)\">x</a>",
    "<a href=\"&#x6A;&#x61;&#x76;&#x61;&#x73;&#x63;&#x72;&#x69;&#x70;&#x74;&#x3A;alert(1)\">x</a>",
    "<a href=\"javascript&colon;alert(1)\">x</a>",
    "<a href=\"data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==\">x</a>",
    "<a href=\"vbscript:msgbox(1)\">x</a>",
    "<form action=\"javascript:alert(1)\"><button>x</button></form>",
    # SVG and MathML
    "<svg onload=alert(1)></svg>",
    "<svg><script>alert(1)</script></svg>",
    "<svg><a xlink:href=\"javascript:alert(1)\"><text x=20 y=20>x</text></a></svg>",
    "<svg><animate onbegin=alert(1) attributeName=x dur=1s>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    "<math href=\"javascript:alert(1)\">x</math>",
    # style
    "<style>body{background:url(javascript:alert(1))}</style>",
    "<p style=\"background:url(javascript:alert(1))\">x</p>",
    "<div style=\"width: expression(alert(1))\">x</div>",
    "<link rel=stylesheet href=//evil.example/x.css>",
    # frames, objects, meta, base
    "<iframe src=\"https://evil.example\"></iframe>",
    "<iframe srcdoc=\"<script>alert(1)</script>\"></iframe>",
    "<object data=\"javascript:alert(1)\"></object>",
    "<embed src=\"javascript:alert(1)\">",
    "<meta http-equiv=\"refresh\" content=\"0;url=javascript:alert(1)\">",
    "<base href=\"javascript:alert(1)//\">",
    # comments and CDATA
    "<!--<script>alert(1)</script>-->",
    "<![CDATA[<script>alert(1)</script>]]>",
    # Markdown syntax
    "[bấm vào đây](javascript:alert(1))",
    "[x](JaVaScRiPt:alert(1))",
    "[x](javascript&#58;alert(1))",
    "[x]( javascript:alert(1) )",
    "[x](data:text/html;base64,PHNjcmlwdD4=)",
    "[x][ref]\n\n[ref]: javascript:alert(1)",
    "<javascript:alert(1)>",
    "![ảnh](javascript:alert(1))",
    "![ảnh](https://evil.example/pixel.gif)",
    "![ảnh](x \"title\" onerror=\"alert(1)\")",
    "[x](https://ok.example \"a\" onclick=\"alert(1)\")",
    "```\n<script>alert(1)</script>\n```",
    "| a | b |\n|---|---|\n| <script>alert(1)</script> | <img src=x onerror=alert(1)> |",
    "*<em onclick=alert(1)>x</em>*",
]

FORBIDDEN_TAGS = {"script", "img", "svg", "math", "iframe", "object", "embed", "style", "form", "meta", "base",
                  "link", "input", "video", "source", "details", "marquee", "body"}


class _Markup(HTMLParser):
    """What a browser would build from the HTML: tag names, attribute names and URL attribute values."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in FORBIDDEN_TAGS:
            self.problems.append(f"<{tag}>")
        for name, value in attrs:
            if name.startswith("on") or name in ("style", "srcdoc", "formaction"):
                self.problems.append(f"{tag}[{name}]")
            if name in ("href", "src", "action", "xlink:href") and value is not None:
                # browsers drop tabs and newlines inside a URL and trim C0 controls and spaces around it
                url = re.sub(r"[\t\n\r]", "", value).strip("\x00-\x20 ").lower()
                scheme = re.match(r"^([a-z][a-z0-9+.-]*):", url)
                if scheme and scheme.group(1) not in ("http", "https", "mailto"):
                    self.problems.append(f"{tag}[{name}]={value!r}")

    handle_startendtag = handle_starttag


RENDERERS = [render_markdown, render_minutes, render_disclosure]


def _unsafe(html: str) -> list[str]:
    """Dangerous markup as a browser would read it. Text such as "javascript:" is harmless once it is text."""
    parser = _Markup()
    parser.feed(html)
    parser.close()
    return parser.problems + (["<script"] if "<script" in html.lower() else [])


@pytest.mark.parametrize("render", RENDERERS, ids=["core", "minutes", "disclosures"])
@pytest.mark.parametrize("payload", PAYLOADS)
def test_xss_payloads_are_neutralised(render, payload):
    html = render(f"Thông báo của phường\n\n{payload}\n\nHết.")
    assert _unsafe(html) == [], (payload, html)
    assert "Thông báo của phường" in html


def test_links_keep_http_https_and_mailto_with_a_safe_rel():
    html = render_markdown("[Ủy ban](https://phuong.example.vn) · [thư](mailto:ubnd@phuong.example.vn) · "
                           "[cũ](http://old.example.vn)")
    assert html.count('rel="noopener noreferrer nofollow"') == 3
    assert 'href="https://phuong.example.vn"' in html and 'href="mailto:ubnd@phuong.example.vn"' in html


def test_images_are_dropped_from_every_host():
    assert "<img" not in render_markdown("![sơ đồ](/media/so-do.png) ![x](https://evil.example/p.gif)")


def test_formatting_survives():
    html = render_markdown("## Dự toán\n\n**Tổng thu**: 12 tỷ\n\n1. Một\n2. Hai\n\n> Trích\n\n"
                           "```\nmã\n```\n\n| Khoản | Tiền |\n|---|---|\n| Thu | 12 |\n\nThuật ngữ\n: định nghĩa")
    for piece in ("<h2>Dự toán</h2>", "<strong>Tổng thu</strong>", "<ol>", "<blockquote>", "<pre><code>",
                  "<table>", "<td>12</td>", "<dl>", "<dd>định nghĩa</dd>"):
        assert piece in html, (piece, html)


def test_empty_and_none_render_to_nothing():
    assert render_markdown("") == "" and render_markdown(None) == ""


# Building blocks of hostile input: fragments of tags, handlers, schemes, Markdown link syntax and encodings.
FRAGMENTS = st.sampled_from([
    "<", ">", "/", "\"", "'", "=", " ", "\n", "\t", "(", ")", "[", "]", "!", "`", "&", "#", ";", ":", "\x00",
    "script", "img", "svg", "a", "iframe", "style", "src", "href", "on", "onerror", "onclick", "onload",
    "javascript", "JaVaScRiPt", "java\tscript", "&#106;", "&#x6A;", "&colon;", "data", "vbscript",
    "alert(1)", "http://x.example", "mailto:a@b.vn", "x", "đường", "<!--", "-->", "<![CDATA[", "]]>",
])
HOSTILE = st.lists(FRAGMENTS, max_size=40).map("".join) | st.text(max_size=200)


@given(HOSTILE)
def test_whatever_the_input_the_output_is_safe(text):
    html = render_markdown(text)
    assert "<script" not in html.lower()
    assert re.search(r"<[^>]*\son[a-z]*\s*=", html, re.IGNORECASE) is None, html
    tags = html_lib.unescape("".join(re.findall(r"<[^>]*>", html))).lower()
    assert "javascript:" not in re.sub(r"[\s\x00-\x1f]", "", tags), html
    assert _unsafe(html) == [], html
