"""portal.core.text.paragraphs_html writes exactly what Django's linebreaks(autoescape=True) writes."""

from django.utils.html import linebreaks
from hypothesis import given
from hypothesis import strategies as st

from portal.core.text import paragraphs_html, xml_text

PIECES = st.sampled_from(["\n", "\r\n", "\r", "\n\n", "\n\n\n", " ", "<b>", "&amp;", '"', "'", "đường", "Lê Lợi",
                          "a", "<script>alert(1)</script>", "\t", "\x00"])


@given(st.lists(st.one_of(PIECES, st.text(max_size=8)), max_size=30).map("".join))
def test_the_same_html_as_djangos_linebreaks(text):
    assert paragraphs_html(text) == str(linebreaks(text, autoescape=True))


def test_examples():
    assert paragraphs_html("Dòng 1\nDòng 2\r\n\r\nĐoạn <2> & 'x'") == (
        "<p>Dòng 1<br>Dòng 2</p>\n\n<p>Đoạn &lt;2&gt; &amp; &#x27;x&#x27;</p>")
    assert paragraphs_html("") == "<p></p>"


def test_xml_text_keeps_what_xml_can_hold_and_breaks_lines_for_words_line_breaks():
    assert xml_text("Đường\tLê Lợi\r\n") == "Đường\tLê Lợi\r\n"
    assert xml_text("Dòng 1\x0bDòng 2\x0cTrang 2") == "Dòng 1\nDòng 2\nTrang 2"
    assert xml_text("a\x00b\x08c\x1bd\x1fe\ufffef\uffff") == "abcdef"
    assert xml_text(12) == "12"
