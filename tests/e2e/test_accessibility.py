"""WCAG 2.2 AA in a real browser (SPEC §9), checked by axe-core (axe-playwright-python) on the portal's pages with the
demo data: every page a resident or the public reaches from the home page at phone width, every page a leader reaches
from the desk at desktop width, a few in English, and the forms shown back with their errors. Each rule of WCAG 2.0,
2.1 and 2.2 levels A and AA is checked, and axe's best practices (one main landmark, content inside landmarks, headings
in order). A violation names the page, the rule and the elements, so it can be fixed where it is."""

import re
from collections import deque
from urllib.parse import urljoin, urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core.management import call_command
from playwright.sync_api import Page, expect

from portal.cases.models import Case, hash_token
from portal.core.demo_data import ACCOUNTS, DEMO_TOKEN
from portal.wards.models import Ward
from tests.e2e.staff_login import fresh_code

pytestmark = pytest.mark.django_db(transaction=True)

AXE = Axe()
RULES = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa",
                                               "best-practice"]},
         "resultTypes": ["violations"]}
# Not pages: downloads, feeds, the API and Open311 (machine answers), the admin (Django's own), language switch and
# logout (POST forms), attachments.
NOT_PAGES = re.compile(r"^/(admin|api|open311|i18n)/|dang-xuat|/tep/|\.(csv|json|ics|xml|pdf)$|/(rss|atom|feed)\b")
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


@pytest.fixture
def demo(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("seed_demo", verbosity=0)


def violations(page: Page) -> list[str]:
    found = []
    for rule in AXE.run(page, options=RULES).response["violations"]:
        targets = ", ".join(" ".join(node["target"]) for node in rule["nodes"][:5])
        found.append(f"{urlsplit(page.url).path}: {rule['id']} ({rule['impact']}) at {targets}: {rule['help']}")
    return found


def pattern(path: str) -> str:
    """One page of a kind: /can-bo/don/PN17-2026-000023/ and /can-bo/don/BT03-2026-000024/ are the same page."""
    return re.sub(r"\d+", "N", re.sub(r"\b[A-Z]{2}\d{2,3}\b", "W", path))


def crawl(page: Page, base: str, start: str, *, limit: int) -> tuple[list[str], list[str]]:
    """Visit the pages linked from `start`, breadth first, one of each kind, up to `limit`; check each with axe."""
    queue, kinds, visited, found = deque([start]), set(), [], []
    while queue and len(visited) < limit:
        path = queue.popleft()
        if pattern(path) in kinds:
            continue
        kinds.add(pattern(path))
        response = page.goto(base + path)
        assert response is not None and response.status < 400, f"{path}: HTTP {response and response.status}"
        if "text/html" not in response.headers.get("content-type", ""):
            continue
        visited.append(path)
        found += violations(page)
        for href in page.eval_on_selector_all("a[href]", "links => links.map(a => a.getAttribute('href'))"):
            target = urlsplit(urljoin(base + path, href))
            if target.netloc != urlsplit(base).netloc or NOT_PAGES.search(target.path):
                continue
            link = target.path + (f"?{target.query}" if target.query else "")
            if pattern(link) not in kinds:
                queue.append(link)
    return visited, found


def staff_log_in(page: Page, base: str, username: str) -> None:
    password = next(account["password"] for account in ACCOUNTS if account["username"] == username)
    page.goto(f"{base}/dang-nhap/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(password)
    page.get_by_role("button", name="Đăng nhập").click()
    if "/dang-nhap/xac-thuc/" in page.url:
        page.get_by_label("Mã xác thực").fill(fresh_code(username))
        page.get_by_role("button", name="Xác nhận").click()
    expect(page).to_have_url(f"{base}/can-bo/")


def test_public_and_resident_pages_meet_wcag_22_aa_at_phone_width(page: Page, live_server, demo):
    page.set_viewport_size(PHONE)
    visited, found = crawl(page, live_server.url, "/", limit=45)
    assert len(visited) >= 30, visited  # the home page reaches the whole public side: filing, status, dashboards...
    assert any(p.startswith("/gui-don/") for p in visited) and any(p.startswith("/minh-bach/") for p in visited)

    ward = Ward.objects.order_by("code").first()
    # A resident's own case by its secret link, and the forms shown back with their errors.
    tracked = Case.objects.get(access_token_hash=hash_token(DEMO_TOKEN))
    page.goto(f"{live_server.url}/tra-cuu/{tracked.tracking_code}/{DEMO_TOKEN}/")
    found += violations(page)
    page.goto(f"{live_server.url}/gui-don/{ward.code}/")
    page.locator("main form").last.locator("button[type=submit]").last.click()
    expect(page.locator(".error-summary, [role=alert]").first).to_be_visible()
    found += violations(page)
    page.goto(f"{live_server.url}/tra-cuu/")
    page.locator("main form button[type=submit]").first.click()
    found += violations(page)
    page.goto(f"{live_server.url}/dang-nhap/")
    page.get_by_label("Tên đăng nhập").fill("canbo")
    page.get_by_label("Mật khẩu").fill("not-the-password")
    page.get_by_role("button", name="Đăng nhập").click()
    found += violations(page)
    assert not found, "\n".join(found)


def test_a_form_refused_by_the_rate_limit_meets_wcag_22_aa(page: Page, live_server, demo, settings):
    """The case form and a resident's message sent back by the rate limit, with what was typed and the refusal."""
    settings.RATE_SUBMIT = "0/h"  # every form refused
    page.set_viewport_size(PHONE)
    ward = Ward.objects.order_by("code").first()
    page.goto(f"{live_server.url}/gui-don/{ward.code}/")
    page.get_by_label("Tiêu đề").fill("Cống thoát nước bị tắc")
    page.locator("main form").last.locator("button[type=submit]").last.click()
    expect(page.get_by_test_id("rate-refusal")).to_be_visible()
    found = violations(page)
    tracked = Case.objects.get(access_token_hash=hash_token(DEMO_TOKEN))
    page.goto(f"{live_server.url}/tra-cuu/{tracked.tracking_code}/{DEMO_TOKEN}/")
    form = page.locator("#message form")
    form.locator("textarea").fill("Tôi bổ sung thông tin")
    form.locator("button[type=submit]").click()
    expect(page.get_by_test_id("rate-refusal")).to_be_visible()
    found += violations(page)
    assert not found, "\n".join(found)


def test_desk_pages_meet_wcag_22_aa_for_a_leader(page: Page, live_server, demo):
    page.set_viewport_size(DESKTOP)
    staff_log_in(page, live_server.url, "chutich")
    visited, found = crawl(page, live_server.url, "/can-bo/", limit=35)
    assert any(re.match(r"^/can-bo/don/[^/]+/$", p) for p in visited), visited  # a case page
    assert len(visited) >= 15, visited
    # The case page with every folded section open (the action forms).
    case_path = next(p for p in visited if re.match(r"^/can-bo/don/[^/]+/$", p))
    page.goto(live_server.url + case_path)
    page.eval_on_selector_all("details", "sections => sections.forEach(s => { s.open = true; })")
    found += violations(page)
    assert not found, "\n".join(found)


def test_a_denunciations_files_and_redacted_copies_meet_wcag_22_aa(page: Page, live_server, demo):
    """The files of a denunciation as its leader sees them (the originals' links, the forms to upload a redacted copy,
    the warning on the forward form) and as a supervisor does (the copies only, "no redacted copy yet")."""
    from django.contrib.auth import get_user_model
    from django.core.files.uploadedfile import SimpleUploadedFile

    from portal.cases import services
    from portal.wards.models import Category
    from tests.factories import image_bytes

    ward = Ward.objects.get(code="PN17")
    category = next(c for c in Category.objects.filter(is_active=True) if c.applies_to("denunciation"))
    files = [SimpleUploadedFile(name, image_bytes(color=color), content_type="image/jpeg")
             for name, color in (("bang-chung.jpg", (200, 30, 30)), ("bien-nhan.jpg", (20, 120, 20)))]
    case = services.submit_case(submission=services.Submission(
        ward=ward, kind="denunciation", category=category, title="Tố cáo cán bộ thu tiền sai quy định",
        description="Cán bộ thu tiền không có biên lai.", contact_name="Lê Văn Bình", contact_address="5 Hoa Sứ",
        contact_phone="0901234567", files=files)).case
    leader = get_user_model().objects.get(username="chutich")
    services.upload_redacted_copy(attachment=case.attachments.order_by("id").first(), actor=leader,
                                  upload=SimpleUploadedFile("che.jpg", image_bytes(), content_type="image/jpeg"))
    path = f"/can-bo/don/{case.tracking_code}/"
    page.set_viewport_size(DESKTOP)
    found = []
    for username in ("chutich", "thanhtra"):
        page.context.clear_cookies()
        staff_log_in(page, live_server.url, username)
        page.goto(live_server.url + path)
        expect(page.get_by_test_id("redacted-files")).to_be_visible()
        page.eval_on_selector_all("details", "sections => sections.forEach(s => { s.open = true; })")
        found += [f"{username} {line}" for line in violations(page)]
    assert not found, "\n".join(found)


def test_main_pages_meet_wcag_22_aa_in_english(page: Page, live_server, demo, settings):
    page.context.add_cookies([{"name": settings.LANGUAGE_COOKIE_NAME, "value": "en", "url": live_server.url}])
    page.set_viewport_size(PHONE)
    ward = Ward.objects.order_by("code").first()
    found = []
    for path in ("/", f"/gui-don/{ward.code}/", "/tra-cuu/", "/minh-bach/", f"/minh-bach/{ward.code}/"):
        page.goto(live_server.url + path)
        expect(page.locator("html")).to_have_attribute("lang", "en")
        found += violations(page)
    assert not found, "\n".join(found)
