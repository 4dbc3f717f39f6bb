"""Staff desk API under /api/v1/staff/."""

urlpatterns: list = []
