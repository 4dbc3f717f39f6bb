"""Public dashboard pages under /minh-bach/ (names in the "frontend" namespace, prefixed "dashboard-")."""

urlpatterns: list = []
