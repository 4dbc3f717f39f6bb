"""/api/v1/dialogues/ (names in the "api" namespace, prefixed "dialogues-")."""

urlpatterns: list = []
