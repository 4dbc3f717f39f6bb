"""The staff desk under /can-bo/ (names in the "frontend" namespace, prefixed "desk-")."""

urlpatterns: list = []
