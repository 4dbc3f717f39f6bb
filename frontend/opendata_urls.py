"""Open data and published answers under /du-lieu-mo/ and /tra-loi-cong-khai/ (prefixed "opendata-", "answers-")."""

urlpatterns: list = []
