"""portal.core.legal: Vietnamese legal citations in English for the pages' English mode (no database)."""

import importlib

import pytest

from portal.core.legal import citation_for, citation_head, english_citation

POLICIES = [*importlib.import_module("portal.deadlines.migrations.0003_seed_deadline_policies").POLICIES,
            *importlib.import_module("portal.deadlines.migrations.0005_seed_escalation_policy").POLICIES]
CATEGORIES = importlib.import_module("portal.disclosures.migrations.0002_seed_categories")


@pytest.mark.parametrize(("vietnamese", "english"), [
    ("Luật Khiếu nại số 02/2011/QH13, Điều 27; Thông tư số 07/2013/TT-TTCP",
     "Law on Complaints No. 02/2011/QH13, Art. 27; Circular No. 07/2013/TT-TTCP"),
    ("Luật Tố cáo số 25/2018/QH14, Điều 24 khoản 1", "Law on Denunciations No. 25/2018/QH14, Art. 24(1)"),
    ("Nghị định số 155/2026/NĐ-CP (từ ngày 01/07/2026)", "Decree No. 155/2026/NĐ-CP (from 01/07/2026)"),
    ("Luật Tiếp công dân số 42/2013/QH13, Điều 28", "Law on Citizen Reception No. 42/2013/QH13, Art. 28"),
    ("Khoản 8 Điều 11 Luật Thực hiện dân chủ ở cơ sở số 10/2022/QH15; Điều 12, 13",
     "Art. 11(8) of the Law on Grassroots Democracy No. 10/2022/QH15; Arts. 12, 13"),
    ("Quy định của phường", "The ward's own rule"),
])
def test_known_citations_read_in_english_with_their_numbers_kept(vietnamese, english):
    assert english_citation(vietnamese) == english


@pytest.mark.parametrize("unknown", ["Luật Đất đai số 31/2024/QH15, Điều 5", "Công văn của quận", ""])
def test_a_citation_with_anything_unknown_gives_none(unknown):
    assert english_citation(unknown) is None


def test_the_citation_of_a_source_stops_before_its_explanation():
    assert citation_head("Luật Tố cáo số 25/2018/QH14, Điều 30: thời hạn giải quyết tố cáo không quá 30 ngày") == (
        "Luật Tố cáo số 25/2018/QH14, Điều 30")
    assert citation_head("Nghị định số 155/2026/NĐ-CP (từ ngày 01/07/2026): thụ lý trong 07 ngày") == (
        "Nghị định số 155/2026/NĐ-CP (từ ngày 01/07/2026)")
    assert citation_head("Quy định của phường (mặc định 10 ngày làm việc); mỗi phường có thể đặt thời hạn riêng.") == (
        "Quy định của phường")


def test_every_seeded_deadline_source_and_disclosure_basis_has_an_english_citation():
    for policy in POLICIES:
        assert english_citation(citation_head(policy[-1])), policy[-1]
    for number, *_rest in CATEGORIES.ITEMS:
        basis = CATEGORIES.BASIS.format(n=number)
        assert english_citation(basis) == (f"Art. 11({number}) of the Law on Grassroots Democracy No. 10/2022/QH15; "
                                           "Arts. 12, 13")


SOURCE = "Luật Tố cáo số 25/2018/QH14, Điều 30: thời hạn giải quyết tố cáo không quá 30 ngày"


def test_a_citation_for_its_reader_vietnamese_as_it_is_english_cited_unknown_left_vietnamese():
    """What the pages (the legal_citation filter) and the APIs give, and whether it is still Vietnamese."""
    assert citation_for(SOURCE, "vi", cited=True) == (SOURCE, True)
    assert citation_for(SOURCE, "en", cited=True) == ("Law on Denunciations No. 25/2018/QH14, Art. 30", False)
    assert citation_for(SOURCE, "en") == (SOURCE, True)  # the whole source: its explanation has no English
    assert citation_for("Công văn số 12/UBND: trả lời trong 10 ngày", "en", cited=True) == (
        "Công văn số 12/UBND: trả lời trong 10 ngày", True)
    assert citation_for("", "en") == ("", False) and citation_for(None, "vi") == ("", False)
