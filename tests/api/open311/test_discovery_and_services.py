"""GET discovery, services and service definitions, in JSON and XML."""

import pytest

from tests.factories import CategoryFactory, WardFactory

from . import schemas
from .conftest import get_json, get_xml

pytestmark = pytest.mark.django_db


def test_discovery_lists_the_v2_endpoint_in_both_formats(client):
    body = get_json(client, "/open311/v2/discovery.json", schema=schemas.DISCOVERY)
    endpoint = body["endpoints"][0]
    assert endpoint["url"].endswith("/open311/v2")
    assert set(endpoint["formats"]) == {"text/xml", "application/json"}
    root = get_xml(client, "/open311/v2/discovery.xml")
    assert root.tag == "discovery"
    assert root.findtext("endpoints/endpoint/specification") == "http://wiki.open311.org/GeoReport_v2"
    assert [f.text for f in root.findall("endpoints/endpoint/formats/format")] == ["text/xml", "application/json"]


def test_an_unknown_format_is_not_found(client):
    assert client.get("/open311/v2/discovery.csv").status_code == 404


def test_services_are_the_active_categories(client, category):
    CategoryFactory(code="an-ninh", name="An ninh trật tự", kinds=["feedback"])
    CategoryFactory(code="cu", name="Đã bỏ", is_active=False)
    body = get_json(client, "/open311/v2/services.json", schema=schemas.SERVICES)
    by_code = {s["service_code"]: s for s in body}
    assert set(by_code) == {"ha-tang", "an-ninh"}
    assert by_code["ha-tang"]["service_name"] == "Hạ tầng, giao thông"
    assert by_code["ha-tang"]["type"] == "realtime" and by_code["ha-tang"]["metadata"] is True
    assert "complaint" in by_code["ha-tang"]["keywords"]
    assert by_code["an-ninh"]["group"] == "Phản ánh, kiến nghị" or by_code["an-ninh"]["group"]

    root = get_xml(client, "/open311/v2/services.xml")
    assert root.tag == "services"
    codes = {s.findtext("service_code") for s in root.findall("service")}
    assert codes == {"ha-tang", "an-ninh"}
    assert root.find("service[service_code='ha-tang']/metadata").text == "true"


def test_services_with_an_unknown_jurisdiction_is_404(client, category):
    body = get_json(client, "/open311/v2/services.json", {"jurisdiction_id": "NOPE"}, status=404,
                    schema=schemas.ERRORS)
    assert body[0]["code"] == 404


def test_service_definition_has_the_kind_and_area_attributes(client, ward, area, area2, category):
    body = get_json(client, "/open311/v2/services/ha-tang.json", schema=schemas.SERVICE_DEFINITION)
    attrs = {a["code"]: a for a in body["attributes"]}
    assert attrs["kind"]["required"] is True and attrs["kind"]["datatype"] == "singlevaluelist"
    assert [v["key"] for v in attrs["kind"]["values"]] == ["feedback", "complaint", "denunciation"]
    assert [v["key"] for v in attrs["area"]["values"]] == ["KP1", "KP2"]
    assert [a["order"] for a in body["attributes"]] == sorted(a["order"] for a in body["attributes"])

    root = get_xml(client, "/open311/v2/services/ha-tang.xml")
    assert root.tag == "service_definition" and root.findtext("service_code") == "ha-tang"
    kind = root.find("attributes/attribute[code='kind']")
    assert kind.findtext("required") == "true" and kind.findtext("variable") == "true"
    assert [v.findtext("key") for v in kind.findall("values/value")] == ["feedback", "complaint", "denunciation"]


def test_kind_is_restricted_to_the_category_and_optional_when_only_feedback(client, ward):
    CategoryFactory(code="ve-sinh", name="Vệ sinh môi trường", kinds=["feedback"])
    body = get_json(client, "/open311/v2/services/ve-sinh.json", schema=schemas.SERVICE_DEFINITION)
    kind = next(a for a in body["attributes"] if a["code"] == "kind")
    assert kind["required"] is False and [v["key"] for v in kind["values"]] == ["feedback"]
    assert "decision_date" not in {a["code"] for a in body["attributes"]}


def test_areas_need_the_jurisdiction_when_there_are_several_wards(client, ward, area, category):
    WardFactory(code="BT01")
    body = get_json(client, "/open311/v2/services/ha-tang.json", schema=schemas.SERVICE_DEFINITION)
    assert "area" not in {a["code"] for a in body["attributes"]}
    body = get_json(client, "/open311/v2/services/ha-tang.json", {"jurisdiction_id": "PN17"})
    assert "area" in {a["code"] for a in body["attributes"]}


def test_unknown_service_definition_is_404_in_both_formats(client, category):
    body = get_json(client, "/open311/v2/services/khong-co.json", status=404, schema=schemas.ERRORS)
    assert body[0]["code"] == 404 and "khong-co" in body[0]["description"]
    root = get_xml(client, "/open311/v2/services/khong-co.xml", status=404)
    assert root.tag == "errors" and root.findtext("error/code") == "404" and root.findtext("error/description")
