"""The benchmark data generator (bench/generate.py) makes data the app itself works with: the staff queue, the case
page with a long timeline, the resident's status page by its secret link, the dashboard."""

import pytest
from django.db import connection
from django.db.models import Count

from bench import generate
from portal.cases import selectors
from portal.cases.models import OPEN_STATES, Case, Message
from portal.wards.models import Membership

pytestmark = pytest.mark.skipif(connection.vendor != "postgresql", reason="bench/generate.py loads PostgreSQL by COPY")


@pytest.fixture
def generated(db):
    return generate.generate(generate.parse_args(["--cases", "400", "--wards", "3", "--long-timelines", "2",
                                                  "--seed", "7"]))


def test_generator_loads_the_cases_it_reports(generated):
    assert Case.objects.count() == generated["cases"] == 400
    assert Message.objects.count() == generated["messages"]
    assert Case.objects.filter(state__in=[s.value for s in OPEN_STATES]).count() == generated["open"]
    assert 0 < generated["open"] < 400
    assert not Case.objects.filter(state__in=[s.value for s in OPEN_STATES], due_date__isnull=True).exists()
    codes = list(Case.objects.values_list("tracking_code", flat=True))
    assert len(set(codes)) == len(codes)


def test_officers_queue_case_page_and_status_page_work_on_generated_data(generated, client):
    longest = Message.objects.values("case_id").annotate(n=Count("id")).order_by("-n")[0]
    assert longest["n"] > 300
    long_case = Case.objects.get(pk=longest["case_id"])
    officer = Membership.objects.filter(ward=long_case.ward, role="officer",
                                        departments=long_case.department).get().user
    assert selectors.queue(officer, selectors.QueueFilters()).exists()
    client.force_login(officer)
    page = client.get(f"/can-bo/don/{long_case.tracking_code}/")
    assert page.status_code == 200
    assert long_case.title in page.content.decode()
    client.logout()
    status = client.get(f"/tra-cuu/{long_case.tracking_code}/bench-{long_case.pk}/")
    assert status.status_code == 200
    assert client.get(f"/minh-bach/{long_case.ward.code}/").status_code == 200
