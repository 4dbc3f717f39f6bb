"""Open311 GeoReport v2 (/open311/v2/) in the permission matrix: every GET is public and shows no personal data and
no denunciation; POST requests needs a valid api_key (without one: 403 for everyone, signed in or not)."""


def cells():
    from portal.open311.services import issue_key

    from .test_permission_matrix import ALLOW, CONTACTS, FORBID, HIDE, Cell, everyone

    def fmt(suffix):
        return lambda w, p: {"format": suffix}

    def request_of(case, suffix="json"):
        return lambda w, p: {"service_request_id": w.code(case), "format": suffix}

    def service(suffix):
        return lambda w, p: {"service_code": w.category.code, "format": suffix}

    def never_the_denunciation(w, persona, text):
        assert w.code("denunciation") not in text, f"Open311 lists the denunciation for {persona}"

    def request_body(with_key):
        def make(w, p):
            body = {"service_code": w.category.code, "jurisdiction_id": w.ward.code, "lat": "10.8", "long": "106.7",
                    "description": "Ổ gà lớn giữa đường, xe máy dễ té ngã khi trời mưa.",
                    "attribute[kind]": "feedback", "first_name": CONTACTS["feedback"]["contact_name"],
                    "email": CONTACTS["feedback"]["contact_email"], "phone": CONTACTS["feedback"]["contact_phone"]}
            if with_key:
                body["api_key"] = issue_key(name="Ứng dụng của ma trận")[1]  # before the test's snapshot
            return body

        return make

    public_get = {"public": True, "checks": (never_the_denunciation,)}
    return {
        "open311:discovery": [Cell("GET", everyone(ALLOW), kwargs=fmt("json"), **public_get),
                              Cell("GET", everyone(ALLOW), variant="xml", kwargs=fmt("xml"), **public_get)],
        "open311:services": [Cell("GET", everyone(ALLOW), kwargs=fmt("json"), **public_get),
                             Cell("GET", everyone(ALLOW), variant="xml", kwargs=fmt("xml"), **public_get)],
        "open311:service-definition": [
            Cell("GET", everyone(ALLOW), kwargs=service("json"), **public_get),
            Cell("GET", everyone(ALLOW), variant="xml", kwargs=service("xml"), **public_get),
        ],
        "open311:requests": [
            Cell("GET", everyone(ALLOW), kwargs=fmt("json"), shows="feedback", **public_get),
            Cell("GET", everyone(ALLOW), variant="xml", kwargs=fmt("xml"), shows="feedback", **public_get),
            Cell("GET", everyone(ALLOW), variant="extensions", kwargs=fmt("json"), shows="feedback",
                 query=lambda w, p: {"extensions": "true"}, **public_get),
            Cell("GET", everyone(ALLOW), variant="denunciation by id", kwargs=fmt("json"),
                 query=lambda w, p: {"service_request_id": w.code("denunciation")}, **public_get),
            Cell("POST", everyone(FORBID), variant="without api_key", kwargs=fmt("json"), body=request_body(False),
                 public=True),
            Cell("POST", everyone(ALLOW), variant="with api_key", kwargs=fmt("json"), body=request_body(True),
                 public=True),
        ],
        "open311:request-detail": [
            Cell("GET", everyone(ALLOW), kwargs=request_of("feedback"), shows="feedback", **public_get),
            Cell("GET", everyone(ALLOW), variant="xml", kwargs=request_of("feedback", "xml"), shows="feedback",
                 **public_get),
            Cell("GET", everyone(HIDE), variant="denunciation", kwargs=request_of("denunciation"), public=True),
        ],
    }
