"""Open data API under /api/v1/open-data/."""

urlpatterns: list = []
