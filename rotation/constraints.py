"""Database-enforced scheduling rules: PostgreSQL exclusion constraints over time ranges.

On other databases (the SQLite demo) the constraint is not created and the scheduling
service's own check is the only guard.
"""

from django.contrib.postgres.constraints import ExclusionConstraint
from django.contrib.postgres.fields import DateTimeRangeField, RangeBoundary, RangeOperators
from django.db.models import Func


class TsTzRange(Func):
    function = "TSTZRANGE"
    output_field = DateTimeRangeField()


def half_open_range(start: str, end: str) -> TsTzRange:
    """[start, end): back-to-back sessions do not overlap."""
    return TsTzRange(start, end, RangeBoundary())


class OverlapExclusion(ExclusionConstraint):
    """No two rows with equal `key` whose [starts_at, ends_at) ranges overlap."""

    def __init__(self, *, name, key=None, condition=None, expressions=None, **kwargs):
        if expressions is None:
            expressions = [
                (half_open_range("starts_at", "ends_at"), RangeOperators.OVERLAPS),
                (key, RangeOperators.EQUAL),
            ]
        super().__init__(name=name, expressions=expressions, condition=condition, **kwargs)

    def _is_postgresql(self, schema_editor) -> bool:
        return schema_editor.connection.vendor == "postgresql"

    def constraint_sql(self, model, schema_editor):
        return (
            super().constraint_sql(model, schema_editor)
            if self._is_postgresql(schema_editor)
            else None
        )

    def create_sql(self, model, schema_editor):
        return (
            super().create_sql(model, schema_editor) if self._is_postgresql(schema_editor) else None
        )

    def remove_sql(self, model, schema_editor):
        return (
            super().remove_sql(model, schema_editor) if self._is_postgresql(schema_editor) else None
        )

    def validate(self, model, instance, exclude=None, using=None):
        # The scheduling service checks first and names the conflicting session; the
        # constraint is the last line against concurrent saves, not a form validator.
        return
