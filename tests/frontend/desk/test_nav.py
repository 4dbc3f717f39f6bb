"""The desk menu leads every kind of ward staff to the staff pages of public disclosures and dialogues."""

import re

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("persona", ["officer", "leader", "supervisor"])
def test_the_desk_menu_links_to_the_staff_pages_of_disclosures_and_dialogues(request, login, persona):
    client = login(request.getfixturevalue(persona))
    response = client.get(reverse("frontend:desk-queue"))
    assert response.status_code == 200
    nav = response.content.decode().split('class="desk-nav"', 1)[1].split("</nav>", 1)[0]
    links = dict((text, href) for href, text in re.findall(r'<a href="([^"?]+)"[^>]*>([^<]+)</a>', nav))
    assert links["Công khai thông tin"] == reverse("frontend:disclosures-staff") == "/can-bo/cong-khai/"
    assert links["Đối thoại"] == reverse("frontend:dialogues-staff") == "/can-bo/doi-thoai/"
    for href in (links["Công khai thông tin"], links["Đối thoại"]):
        assert client.get(href).status_code == 200  # the menu leads somewhere this persona may go
