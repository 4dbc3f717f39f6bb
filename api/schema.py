"""OpenAPI post-processing: the error answers every operation may give, documented once.

Every endpoint can answer 401 (authentication required or failed), 403 (not allowed: permissions, CSRF), 404 (the
object does not exist or is not yours to see) and 429 (rate limit); an operation that takes a body or query
parameters can answer 400 with field messages. Views document their own when they are specific; this hook adds the
rest with the shape `api.exceptions` gives them (`detail`, `code`, field names → lists of messages), so a client
generated from the schema — and the schema fuzzer (tests/api/test_schema_fuzz.py) — meets no undocumented status.
"""

ERROR_SCHEMA = {
    "type": "object",
    "description": "An error: `detail` (a message) and/or field names with lists of messages, and `code`.",
    "properties": {"detail": {"type": "string"}, "code": {"type": "string"}},
    "additionalProperties": {},
}
STANDARD = {
    "401": "Authentication required, or the credentials are invalid",
    "403": "Not allowed",
    "404": "Not found, or not yours to see",
    "429": "Too many requests: try again later",
}
BAD_REQUEST = "Invalid input: field names with their messages"
METHODS = ("get", "put", "post", "patch", "delete")


def add_error_responses(result, generator, request, public):
    components = result.setdefault("components", {}).setdefault("schemas", {})
    components.setdefault("StandardError", ERROR_SCHEMA)
    reference = {"$ref": "#/components/schemas/StandardError"}
    for operation in _operations(result):
        responses = operation.setdefault("responses", {})
        wanted = dict(STANDARD)
        if operation.get("requestBody") or any(p.get("in") == "query" for p in operation.get("parameters", ())):
            wanted["400"] = BAD_REQUEST
        for code, text in wanted.items():
            responses.setdefault(code, {"description": text, "content": {"application/json": {"schema": reference}}})
    return result


def _operations(result):
    for item in result.get("paths", {}).values():
        for method in METHODS:
            if method in item:
                yield item[method]
