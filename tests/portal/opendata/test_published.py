"""Published answers (issue 6 item 4): which cases, search, redaction of personal data."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from portal.transparency import published
from portal.transparency.redaction import REDACTED, redact

from .data import CONSENTED, ISSUE_ADDRESS, build


def _codes(qs):
    return {c.tracking_code for c in qs}


def test_only_consented_answered_non_denunciations_are_published(opendata):
    assert _codes(published.published_cases()) == {
        opendata.consented.tracking_code, opendata.complaint.tracking_code, opendata.anonymous.tracking_code}
    for case in (opendata.not_consented, opendata.denunciation, opendata.unanswered):
        assert published.published_case(case.tracking_code) is None


def test_an_internal_answer_is_not_enough(ward, category, other_ward, area):
    from .data import _submit, answer

    case = _submit(ward=ward, category=category, title="Câu hỏi có trả lời nội bộ", publish_consent=True)
    answer(case, "Bản nội bộ", public=False)
    assert published.published_case(case.tracking_code) is None


def test_search_ignores_diacritics_and_case(opendata):
    assert _codes(published.search_published(q="duong le loi")) == {opendata.consented.tracking_code}
    assert _codes(published.search_published(q="ĐƯỜNG LÊ")) == {opendata.consented.tracking_code}
    assert _codes(published.search_published(q="duong khong-co")) == set()


def test_a_word_typed_with_diacritics_finds_that_word_only(ward, category):
    from .data import _submit, answer

    def published_case(title):
        return answer(_submit(ward=ward, category=category, title=title, description="Xin phường xem xét.",
                              publish_consent=True), "Phường đã tiếp nhận.")

    lamp, to, shouted = (published_case(t) for t in ("Đèn đường hỏng", "Tôi đến phường", "ĐÈN ĐƯỜNG TẮT"))
    assert _codes(published.search_published(q="đèn")) == {lamp.tracking_code, shouted.tracking_code}
    assert _codes(published.search_published(q="ĐÈN")) == {lamp.tracking_code, shouted.tracking_code}
    assert _codes(published.search_published(q="den")) == {lamp.tracking_code, to.tracking_code, shouted.tracking_code}
    assert _codes(published.search_published(q="đến PHUONG")) == {to.tracking_code}
    assert _codes(published.search_published(q="đèn duong")) == {lamp.tracking_code, shouted.tracking_code}
    assert _codes(published.search_published(q="Đèn tắt")) == {shouted.tracking_code}


def test_search_does_not_match_the_unpublished_address(ward, other_ward, category, area):
    from .data import _submit, answer

    case = _submit(ward=ward, category=category, title="Cây xanh gãy cành", description="Cây gãy sau bão.",
                   address="17 Hẻm Chỉ Cán Bộ Biết", publish_consent=True)
    answer(case, "Đã cắt tỉa.")
    assert _codes(published.search_published(q="cay xanh")) == {case.tracking_code}
    assert _codes(published.search_published(q="hem chi can bo biet")) == set()
    # Typed with diacritics, the address of the issue is still not searched: the exact word is rechecked in the
    # title and description only, on top of the folded published text.
    assert _codes(published.search_published(q="Hẻm Chỉ Cán Bộ Biết")) == set()
    assert _codes(published.search_published(q="Cây gãy")) == {case.tracking_code}


def test_filters_by_ward_and_category(opendata, category):
    assert _codes(published.search_published(ward="BT01")) == {opendata.complaint.tracking_code}
    assert len(_codes(published.search_published(category=category.code))) == 3
    assert _codes(published.search_published(category="khong-co")) == set()


def test_the_published_case_has_no_personal_data(opendata):
    page = published.published_case(opendata.consented.tracking_code.lower())
    text = repr(page)
    for needle in [*CONSENTED.values(), ISSUE_ADDRESS, "0912345678", "0912.345.678"]:
        assert needle not in text, needle
    assert page.answers[0].body.startswith(f"Kính gửi bà {REDACTED},")
    assert page.area_name == "Khu phố 1" and page.ward_code == "PN17"


def test_redaction_of_names_contacts_and_salutations():
    personal = {"contact_name": "Nguyễn Thị Lan", "contact_phone": "+84 912 345 678",
                "contact_email": "Lan@Example.vn", "contact_address": "12 Ngõ 5", "representative_name": "",
                "address": ""}
    text = ("Kính gửi bà Nguyễn  Thị Lan (bà Lan, chị Thị Lan, ông Nguyễn), email lan@example.vn, "
            "sđt 0912-345-678 hoặc 0912345678, nhà 12 Ngõ 5. Lan can cầu đã sửa. Liên hệ cán bộ: 0283 111 2222.")
    redacted = redact(text, personal)
    for gone in ("Nguyễn", "Thị Lan", "bà Lan", "lan@example.vn", "345", "12 Ngõ 5", "2222"):
        assert gone not in redacted, gone
    assert "Lan can cầu đã sửa" in redacted  # the given name alone, without a salutation, is an ordinary word
    assert redacted.startswith(f"Kính gửi bà {REDACTED} (bà {REDACTED}, chị {REDACTED}, ông {REDACTED})")


def test_redaction_leaves_text_without_personal_data_alone():
    text = "Phường đã nạo vét cống trên đường Lê Lợi ngày 20/11/2026."
    assert redact(text, {"contact_name": "", "contact_phone": ""}) == text


def test_the_list_runs_a_constant_number_of_queries(ward, other_ward, category, area):
    build(ward=ward, other_ward=other_ward, category=category, area=area)
    with CaptureQueriesContext(connection) as few:
        [published.to_published(c) for c in published.search_published(q="duong")]
    for _ in range(3):
        build(ward=ward, other_ward=other_ward, category=category, area=area)
    with CaptureQueriesContext(connection) as many:
        pages = [published.to_published(c) for c in published.search_published(q="duong")]
    assert len(pages) == 8  # "Đường Lê Lợi…" and "Đèn đường…" of each world
    assert len(many) == len(few) == 2
    with CaptureQueriesContext(connection) as exact:
        pages = [published.to_published(c) for c in published.search_published(q="đường")]
    assert len(pages) == 8 and len(exact) == 2
