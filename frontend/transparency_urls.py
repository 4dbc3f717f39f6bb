"""Public dashboard pages under /minh-bach/ (names in the "frontend" namespace, prefixed "dashboard-")."""

from django.urls import path

from .views import transparency

urlpatterns = [
    path("minh-bach/", transparency.city, name="dashboard-city"),
    path("minh-bach/<str:ward_code>/", transparency.ward, name="dashboard-ward"),
]
