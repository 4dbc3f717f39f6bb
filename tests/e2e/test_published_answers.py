"""A published answer in a browser, at phone width and on a desktop, in Vietnamese and English: the question and the
answer with the resident's personal data redacted, the facts of the case laid out without breaking the tracking code
(it was drawn in the receipt's 1.8 rem type, in a quarter of the desktop's width: "PN17-2026-" on one line and
"000001" on the next)."""

import datetime as dt

import pytest
from playwright.sync_api import Page, expect

from portal.transparency.redaction import REDACTED
from tests.factories import AreaFactory, CategoryFactory, WardFactory
from tests.portal.opendata.data import _submit, answer

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def published(db):
    ward = WardFactory(code="PN17", name="Phường Phú Nhuận")
    category = CategoryFactory(code="ha-tang", name="Hạ tầng, giao thông", name_en="Infrastructure and traffic")
    area = AreaFactory(ward=ward, code="KP3", name="Khu phố 3")
    case = _submit(ward=ward, category=category, area=area, title="Ổ gà lớn trước nhà ông Trịnh Quốc Vĩnh",
                   description="Tôi tên Trinh Quoc Vinh, nhà ở 88 Hem Cay Me. Ổ gà rất nguy hiểm.",
                   address="77 Đường Zymurgy", publish_consent=True, received_on=dt.date.today(),
                   contacts={"contact_name": "Trịnh Quốc Vĩnh", "contact_address": "88 Hẻm Cây Me"})
    return answer(case, "Kính gửi ông Vĩnh, phường đã vá ổ gà ngày 25/11.", on=dt.date.today())


@pytest.mark.parametrize("width", [390, 1280])
@pytest.mark.parametrize(("language", "category"), [("vi", "Hạ tầng, giao thông"),
                                                    ("en", "Infrastructure and traffic")])
def test_a_published_answer_reads_well_at_every_width(page: Page, live_server, published, width, language, category):
    page.set_viewport_size({"width": width, "height": 900})
    page.context.add_cookies([{"name": "django_language", "value": language, "url": live_server.url}])
    page.goto(f"{live_server.url}/tra-loi-cong-khai/{published.tracking_code}/")
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Ổ gà lớn trước nhà ông {REDACTED}")
    main = page.locator("main")
    expect(main).to_contain_text(f"Tôi tên {REDACTED}, nhà ở {REDACTED}. Ổ gà rất nguy hiểm.")
    expect(main).to_contain_text(f"Kính gửi ông {REDACTED}, phường đã vá ổ gà ngày 25/11.")
    expect(main).to_contain_text(category)
    for needle in ("Vĩnh", "Vinh", "Cay Me", "Cây Me", "Zymurgy"):
        expect(main).not_to_contain_text(needle)
    code = page.locator("dl.facts dd").first
    expect(code).to_have_text(published.tracking_code)
    box = code.bounding_box()
    line = float(code.evaluate("d => parseFloat(getComputedStyle(d).lineHeight) || 1.2 * parseFloat("
                               "getComputedStyle(d).fontSize)"))
    assert box["height"] < 1.5 * line, (box, line)  # one line
    assert page.evaluate("document.documentElement.scrollWidth") <= width
