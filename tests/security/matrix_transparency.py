"""Permission matrix cells of the transparency dashboard and the statistics downloads: public, GET only, for
everyone; `public=True` makes the matrix check that no resident's contact (nor a case title, note or draft) appears."""


def cells():
    from .test_permission_matrix import ALLOW, Cell, const, everyone

    def names_the_ward(world, persona, text):
        assert world.ward.name in text, "the page does not list the ward"

    ward = const(ward_code="MX01")
    code = const(code="MX01")
    return {
        "frontend:dashboard-city": [Cell("GET", everyone(ALLOW), public=True, checks=(names_the_ward,))],
        "frontend:dashboard-ward": [Cell("GET", everyone(ALLOW), kwargs=ward, public=True, checks=(names_the_ward,)),
                                    Cell("GET", everyone(ALLOW), kwargs=ward, query=const(year="2026"),
                                         public=True, variant="year")],
        "api:stats-wards": [Cell("GET", everyone(ALLOW), public=True, checks=(names_the_ward,))],
        "api:stats-wards-csv": [Cell("GET", everyone(ALLOW), public=True, checks=(names_the_ward,))],
        "api:stats-ward": [Cell("GET", everyone(ALLOW), kwargs=code, public=True)],
        "api:stats-ward-csv": [Cell("GET", everyone(ALLOW), kwargs=code, public=True)],
    }
