"""The body of a disclosure is Markdown rendered and sanitised: no script, handler, style or javascript: link."""

import pytest

from portal.disclosures.rendering import render_markdown

PAYLOADS = [
    "<script>alert('xss')</script>",
    "<img src=x onerror=alert(1)>",
    "[bấm vào đây](javascript:alert(1))",
    "<a href=\"javascript:alert(1)\">link</a>",
    "<svg onload=alert(1)></svg>",
    "<iframe src=\"https://evil.example\"></iframe>",
    "<p style=\"background:url(javascript:alert(1))\">x</p>",
    "<div onmouseover=\"alert(1)\">hover</div>",
    "<scr<script>ipt>alert(1)</script>",
    "[x](JaVaScRiPt:alert(1))",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
]


@pytest.mark.parametrize("payload", PAYLOADS)
def test_xss_payloads_are_neutralised(payload):
    html = render_markdown(f"Thông báo\n\n{payload}\n")
    lowered = html.lower()
    for bad in ("<script", "onerror", "onload", "onmouseover", "javascript:", "<iframe", "style=", "<svg", "<img"):
        assert bad not in lowered, (payload, html)


def test_markdown_keeps_its_formatting_and_links_get_safe_rel():
    html = render_markdown("## Dự toán\n\n**Tổng thu**: 12 tỷ\n\n- Khoản 1\n- Khoản 2\n\n[Chi tiết](https://phuong.example.vn)")
    assert "<h2>Dự toán</h2>" in html and "<strong>Tổng thu</strong>" in html and "<li>Khoản 1</li>" in html
    assert 'href="https://phuong.example.vn"' in html and 'rel="noopener noreferrer nofollow"' in html


def test_tables_render():
    html = render_markdown("| Khoản | Số tiền |\n|---|---|\n| Thu | 12 tỷ |")
    assert "<table>" in html and "<td>12 tỷ</td>" in html
