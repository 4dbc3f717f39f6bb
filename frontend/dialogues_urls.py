"""Public and staff pages of dialogues (names in the "frontend" namespace, prefixed "dialogues-")."""

urlpatterns: list = []
