"""Serializer fields shared by the API's modules."""

from django.conf import settings
from django.utils.translation import get_language
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from portal.cases.timeline_text import localize
from portal.core.legal import citation_for


class CodeRelatedField(serializers.SlugRelatedField):
    """DRF's SlugRelatedField (same schema, same answers) that refuses a NUL character as "no such object" before the
    lookup: PostgreSQL cannot hold NUL in text and refused the query with a DataError, a 500. DRF's CharFields refuse
    NUL themselves; a related field looks the value up as it is."""

    def to_internal_value(self, data):
        if isinstance(data, str) and "\x00" in data:
            self.fail("does_not_exist", slug_name=self.slug_field, value=data.replace("\x00", ""))
        return super().to_internal_value(data)


def answer_language(field) -> str:
    """The answer's language (the request's: portal.core.middleware.LanguageMiddleware), asked of Django once per
    answer and kept in the root serializer's context: a timeline has hundreds of entries."""
    context = field.context
    language = context.get("language")
    if language is None:
        language = context["language"] = get_language() or settings.LANGUAGE_CODE
    return language


@extend_schema_field(OpenApiTypes.STR)
class TimelineTextField(serializers.Field):
    """A timeline entry's text (read-only, from the whole Message): what the portal writes itself (an assignment, a
    transfer, a new due date…: portal.cases.timeline_text) in the answer's language, whichever language it was stored
    in; what a person wrote, as written."""

    def __init__(self, **kwargs):
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, message):
        return localize(message.kind, message.body, message.to_state, language=answer_language(self))


@extend_schema_field(OpenApiTypes.STR)
class CategoryNameField(serializers.Field):
    """A category's name (a case's Category, a DisclosureCategory: display_name()) in the answer's language, as the
    pages give it: its English name in English where it has one, the Vietnamese name otherwise. Read-only."""

    def __init__(self, **kwargs):
        kwargs.setdefault("source", "category")
        super().__init__(read_only=True, **kwargs)

    def to_representation(self, category):
        return category.display_name(answer_language(self))


@extend_schema_field(OpenApiTypes.STR)
class LegalCitationField(serializers.Field):
    """A Vietnamese legal citation (legal data: a deadline policy's source, a disclosure category's legal basis) in the
    answer's language, as the pages give it (portal.core.legal.citation_for): as it is in Vietnamese; in English the
    citation in English, or the Vietnamese text as it is for a citation the portal cannot translate. `cited` (a
    deadline policy's source): only the citation that starts the text, without the Vietnamese explanation after it;
    `cited=False` (a legal basis, all citation): the whole text. Read-only."""

    def __init__(self, *, cited: bool = True, **kwargs):
        self.cited = cited
        super().__init__(read_only=True, **kwargs)

    def to_representation(self, text):
        return citation_for(text, answer_language(self), cited=self.cited)[0]
