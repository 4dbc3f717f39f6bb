"""A resident files a case with a photo through the real form in a browser, then opens its status page."""

import pytest
from playwright.sync_api import Page, expect

from portal.cases.models import Attachment, Case
from tests.e2e.layout import assert_side_by_side
from tests.factories import AreaFactory, CategoryFactory, WardFactory, image_bytes

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def ward_with_data(db):
    ward = WardFactory(code="PN17", name="Phường Phú Nhuận")
    AreaFactory(ward=ward, code="KP3", name="Khu phố 3")
    CategoryFactory(code="ve-sinh", name="Vệ sinh môi trường", kinds=["feedback", "complaint"])
    return ward


def test_resident_files_a_case_with_a_photo_and_follows_it(page: Page, live_server, ward_with_data, tmp_path):
    photo = tmp_path / "rac-thai.jpg"
    photo.write_bytes(image_bytes(size=(800, 600), color=(90, 140, 60)))

    page.goto(f"{live_server.url}/")
    page.locator(".hero a.primary").click()
    page.select_option("#ward", "PN17")
    page.locator("form.stack button[type=submit]").click()
    expect(page.locator("h1")).to_be_visible()

    # First attempt: a complaint without name and address is refused, and what was typed stays.
    page.locator("input[name=kind][value=complaint]").check()
    page.select_option("#id_category", index=1)
    page.fill("#id_title", "Rác thải tồn đọng ở hẻm 12")
    page.fill("#id_description", "Rác không được thu gom một tuần nay, bốc mùi hôi cả khu phố.")
    page.locator(".case-form button[type=submit]").click()
    expect(page.locator("#error-summary")).to_be_visible()
    expect(page.locator("#id_title")).to_have_value("Rác thải tồn đọng ở hẻm 12")
    assert Case.objects.count() == 0

    # Second attempt: feedback with a photo.
    page.locator("input[name=kind][value=feedback]").check()
    page.select_option("#id_area", label="Khu phố 3")
    page.set_input_files("#id_files", str(photo))
    page.locator(".case-form button[type=submit]").click()

    code = page.locator("[data-testid=tracking-code]").inner_text().strip()
    assert code.startswith("PN17-")
    page.locator("[data-testid=secret-link]").click()
    expect(page.locator("h1")).to_have_text("Rác thải tồn đọng ở hẻm 12")
    expect(page.locator("[data-testid=case-state]")).to_be_visible()
    expect(page.locator("[data-testid=due-date]")).to_be_visible()
    image = page.locator(".attachments img")
    expect(image).to_have_count(1)
    image.scroll_into_view_if_needed()
    # The page's CSP forbids eval, so wait through a property check, not wait_for_function.
    expect(image).to_have_js_property("complete", True)
    assert image.evaluate("img => img.naturalWidth") > 0

    case = Case.objects.get(tracking_code=code)
    assert case.channel == "web" and case.area.name == "Khu phố 3"
    assert Attachment.objects.get(case=case).thumbnail


def _marker(summary):
    """What is drawn before a <summary>'s text: a chevron of ours, or the browser's own triangle."""
    return summary.evaluate("""s => { const m = getComputedStyle(s, '::before');
        return {content: m.content, width: parseFloat(m.width), transform: m.transform,
                display: getComputedStyle(s).display}; }""")


def test_folded_parts_of_the_form_show_that_they_open(page: Page, live_server, ward_with_data):
    """The summaries of <details> are drawn as flex boxes (for a 44 px target), which takes away the browser's
    triangle: 'Add a map point' and 'Signed by several people?' looked like the labels around them, and nothing said
    they open. Each has a chevron that turns when it opens."""
    page.goto(f"{live_server.url}/gui-don/PN17/")
    summaries = page.locator(".case-form details > summary")
    expect(summaries).to_have_count(2)
    for summary in summaries.all():
        folded = _marker(summary)
        assert folded["display"] == "flex" and folded["content"] == '""' and folded["width"] > 4, folded
        summary.click()
        assert _marker(summary)["transform"] != folded["transform"]
    # The phone menu's button keeps its own icon, without a chevron.
    assert _marker(page.locator(".menu-toggle summary"))["content"] in ("none", "normal")


def test_a_map_point_error_shows_each_coordinate_under_its_own_label(page: Page, live_server, ward_with_data):
    page.goto(f"{live_server.url}/gui-don/PN17/")
    page.locator(".map-point summary").click()
    page.fill("#id_latitude", "100")
    page.fill("#id_longitude", "106.7")
    page.locator(".case-form button[type=submit]").click()
    expect(page.locator("#error-summary")).to_be_visible()
    expect(page.locator("#id_latitude")).to_be_visible()  # the part with the error is open
    for name in ("latitude", "longitude"):
        label = page.locator(f"label[for=id_{name}]").bounding_box()
        field = page.locator(f"#id_{name}").bounding_box()
        assert field["y"] > label["y"] and abs(field["x"] - label["x"]) < 2, (name, label, field)

@pytest.mark.parametrize("width", [390, 768])
def test_the_map_points_latitude_and_longitude_are_two_columns_each_with_its_label(page: Page, live_server,
                                                                                 ward_with_data, width):
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(f"{live_server.url}/gui-don/PN17/")
    page.get_by_text("Thêm vị trí trên bản đồ (không bắt buộc)").click()
    assert assert_side_by_side(page.locator(".map-point .two-cols")) == ["Vĩ độ:", "Kinh độ:"]
