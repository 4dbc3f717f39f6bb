"""/api/v1/disclosures/ (names in the "api" namespace, prefixed "disclosures-")."""

urlpatterns: list = []
