"""Public and staff pages of disclosures (names in the "frontend" namespace, prefixed "disclosures-")."""

urlpatterns: list = []
