"""JSON Schemas of the GeoReport v2 responses, written from the specification (http://wiki.open311.org/GeoReport_v2).
Nullable where the specification marks a field optional; ids and codes are strings."""

NULLABLE_STRING = {"type": ["string", "null"]}
W3C_DATETIME = {"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(Z|[+-]\d{2}:\d{2})$"}

DISCOVERY = {
    "type": "object",
    "required": ["changeset", "contact", "key_service", "endpoints"],
    "properties": {
        "changeset": W3C_DATETIME,
        "contact": {"type": "string"},
        "key_service": {"type": "string"},
        "endpoints": {
            "type": "array", "minItems": 1,
            "items": {
                "type": "object",
                "required": ["specification", "url", "changeset", "type", "formats"],
                "properties": {
                    "specification": {"const": "http://wiki.open311.org/GeoReport_v2"},
                    "url": {"type": "string", "pattern": "^https?://"},
                    "changeset": W3C_DATETIME,
                    "type": {"enum": ["production", "test"]},
                    "formats": {"type": "array", "items": {"enum": ["text/xml", "application/json"]}},
                },
            },
        },
    },
}

SERVICES = {
    "type": "array",
    "items": {
        "type": "object",
        "required": ["service_code", "service_name", "description", "metadata", "type", "keywords", "group"],
        "additionalProperties": False,
        "properties": {
            "service_code": {"type": "string", "minLength": 1},
            "service_name": {"type": "string", "minLength": 1},
            "description": {"type": "string"},
            "metadata": {"type": "boolean"},
            "type": {"enum": ["realtime", "batch", "blackbox"]},
            "keywords": {"type": "string"},
            "group": {"type": "string"},
        },
    },
}

SERVICE_DEFINITION = {
    "type": "object",
    "required": ["service_code", "attributes"],
    "additionalProperties": False,
    "properties": {
        "service_code": {"type": "string"},
        "attributes": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["variable", "code", "datatype", "required", "datatype_description", "order",
                             "description"],
                "additionalProperties": False,
                "properties": {
                    "variable": {"type": "boolean"},
                    "code": {"type": "string"},
                    "datatype": {"enum": ["string", "number", "datetime", "text", "singlevaluelist",
                                          "multivaluelist"]},
                    "required": {"type": "boolean"},
                    "datatype_description": {"type": "string"},
                    "order": {"type": "integer", "minimum": 1},
                    "description": {"type": "string"},
                    "values": {
                        "type": "array",
                        "items": {"type": "object", "required": ["key", "name"], "additionalProperties": False,
                                  "properties": {"key": {"type": "string"}, "name": {"type": "string"}}},
                    },
                },
                "if": {"properties": {"datatype": {"enum": ["singlevaluelist", "multivaluelist"]}}},
                "then": {"required": ["values"]},
            },
        },
    },
}

TIMELINE_ENTRY = {
    "type": "object",
    "required": ["datetime", "type", "description", "state", "status_notes", "body"],
    "additionalProperties": False,
    "properties": {
        "datetime": W3C_DATETIME, "type": {"type": "string"}, "description": {"type": "string"},
        "state": NULLABLE_STRING, "status_notes": NULLABLE_STRING, "body": NULLABLE_STRING,
    },
}

SERVICE_REQUEST_FIELDS = {
    "service_request_id": {"type": "string", "minLength": 1},
    "status": {"enum": ["open", "closed"]},
    "status_notes": NULLABLE_STRING,
    "service_name": {"type": "string"},
    "service_code": {"type": "string"},
    "description": NULLABLE_STRING,
    "agency_responsible": NULLABLE_STRING,
    "service_notice": NULLABLE_STRING,
    "requested_datetime": W3C_DATETIME,
    "updated_datetime": {"anyOf": [W3C_DATETIME, {"type": "null"}]},
    "expected_datetime": {"anyOf": [W3C_DATETIME, {"type": "null"}]},
    "address": NULLABLE_STRING,
    "address_id": NULLABLE_STRING,
    "zipcode": NULLABLE_STRING,
    "lat": {"type": ["number", "null"], "minimum": -90, "maximum": 90},
    "long": {"type": ["number", "null"], "minimum": -180, "maximum": 180},
    "media_url": NULLABLE_STRING,
    "extended_attributes": {
        "type": "object",
        "required": ["jurisdiction_id", "kind", "state", "timeline"],
        "additionalProperties": False,
        "properties": {
            "jurisdiction_id": {"type": "string"},
            "kind": {"enum": ["feedback", "complaint"]},  # a denunciation is never listed
            "state": {"type": "string"},
            "timeline": {"type": "array", "items": TIMELINE_ENTRY},
        },
    },
}

SERVICE_REQUESTS = {
    "type": "array",
    "items": {
        "type": "object",
        "required": ["service_request_id", "status", "service_name", "service_code", "requested_datetime"],
        "additionalProperties": False,
        "properties": SERVICE_REQUEST_FIELDS,
    },
}

POST_RESPONSE = {
    "type": "array", "minItems": 1, "maxItems": 1,
    "items": {
        "type": "object",
        "required": ["service_request_id"],
        "additionalProperties": False,
        "properties": {
            "service_request_id": {"type": "string", "minLength": 1},
            "service_notice": NULLABLE_STRING,
            "account_id": NULLABLE_STRING,
            "token": NULLABLE_STRING,
        },
    },
}

ERRORS = {
    "type": "array", "minItems": 1,
    "items": {
        "type": "object", "required": ["code", "description"], "additionalProperties": False,
        "properties": {"code": {"type": "integer"}, "description": {"type": "string", "minLength": 1}},
    },
}
