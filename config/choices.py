"""Model choices read once per form, from the queryset as given: Django clones a
ModelChoiceField's queryset and reads it again, through a server-side cursor (three round trips),
each time its choices are gone over, and a required <select> is gone over twice (once to decide
the `required` attribute, once to render)."""

from django import forms
from django.forms.models import ModelChoiceIterator


class ReadOnceModelChoiceIterator(ModelChoiceIterator):
    """Goes over the field's queryset itself, whose cache the first pass fills, instead of
    `queryset.iterator()`: one plain query however often the choices are read, none when the
    queryset was already read."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for obj in self.queryset:
            yield self.choice(obj)

    def __len__(self):
        return len(self.queryset) + (1 if self.field.empty_label is not None else 0)

    def __bool__(self):
        return self.field.empty_label is not None or bool(self.queryset)


class ReadOnceModelChoiceField(forms.ModelChoiceField):
    """A ModelChoiceField for short lists (a program's partners, a partner's programs): the
    queryset it is given is kept as it is, not cloned, so that a page which has already read it
    (to list the same programs) renders the choices with no query. A queryset declared on the
    form class is still cloned for each form (`__deepcopy__`), never shared between requests."""

    iterator = ReadOnceModelChoiceIterator

    def _set_queryset(self, queryset):
        self._queryset = queryset
        self.widget.choices = self.choices

    queryset = property(forms.ModelChoiceField._get_queryset, _set_queryset)
