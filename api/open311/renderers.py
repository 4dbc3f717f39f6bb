"""Open311 GeoReport v2 output: JSON as the data, XML with the specification's element names."""

import json
from xml.etree import ElementTree as ET

from rest_framework.renderers import BaseRenderer

from portal.core.text import xml_text

# A list under one of these keys is written as repeated child elements of this name.
XML_LIST_ITEMS = {
    "attributes": "attribute", "values": "value", "endpoints": "endpoint", "formats": "format", "timeline": "entry",
}


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return xml_text(value)  # a resident's control character made the whole list malformed XML


def _fill(element: ET.Element, value) -> None:
    if isinstance(value, dict):
        for key, child in value.items():
            _fill(ET.SubElement(element, key), child)
    elif isinstance(value, list | tuple):
        item = XML_LIST_ITEMS.get(element.tag, "item")
        for child in value:
            _fill(ET.SubElement(element, item), child)
    else:
        element.text = _text(value)


class Open311JSONRenderer(BaseRenderer):
    media_type = "application/json"
    format = "json"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


class Open311XMLRenderer(BaseRenderer):
    """The view names the root (`xml_root`) and, for a list, its items (`xml_item`): e.g. service_requests/request."""

    media_type = "text/xml"
    format = "xml"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        view = (renderer_context or {}).get("view")
        root = ET.Element(getattr(view, "xml_root", "response"))
        if isinstance(data, list):
            for entry in data:
                _fill(ET.SubElement(root, getattr(view, "xml_item", "item")), entry)
        else:
            _fill(root, data)
        return ET.tostring(root, encoding="utf-8", xml_declaration=True)


def error_list(status: int, description: str, *, xml: bool) -> tuple[bytes, str]:
    """GeoReport v2's error list with one error, and its content type: what the Open311 views answer on an error, for
    an answer made before them (portal.core.middleware.short_error)."""
    data = [{"code": status, "description": description}]
    if not xml:
        return Open311JSONRenderer().render(data), "application/json; charset=utf-8"

    class _Errors:
        xml_root, xml_item = "errors", "error"

    return Open311XMLRenderer().render(data, renderer_context={"view": _Errors}), "text/xml; charset=utf-8"
