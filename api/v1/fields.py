"""Serializer fields shared by the API's modules."""

from rest_framework import serializers


class CodeRelatedField(serializers.SlugRelatedField):
    """DRF's SlugRelatedField (same schema, same answers) that refuses a NUL character as "no such object" before the
    lookup: PostgreSQL cannot hold NUL in text and refused the query with a DataError, a 500. DRF's CharFields refuse
    NUL themselves; a related field looks the value up as it is."""

    def to_internal_value(self, data):
        if isinstance(data, str) and "\x00" in data:
            self.fail("does_not_exist", slug_name=self.slug_field, value=data.replace("\x00", ""))
        return super().to_internal_value(data)
