"""The director's instrument builder: items, CSV import/export, preview and windows."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views import View

from assessments.forms import (
    AdministrationForm,
    CopyInstrumentForm,
    CsvImportForm,
    InstrumentForm,
    ItemForm,
)
from assessments.models import Administration, Item
from assessments.selectors.lookups import (
    get_instrument_for_director,
    get_item_for_director,
    instrument_versions,
    instruments_for_director,
    is_instrument_locked,
)
from assessments.services.administrations import default_windows, schedule_administration
from assessments.services.instruments import copy_instrument, create_instrument
from assessments.services.item_csv import export_items_csv, import_items_csv
from assessments.services.items import add_item, delete_item, move_item, update_item
from assessments.views.mixins import DirectorMixin
from assessments.views.responses import form_rows
from rotation.selectors.access import get_program_for_director


def csv_response(text: str, filename: str) -> HttpResponse:
    response = HttpResponse(text, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _version_message(request, old, new) -> None:
    if new.pk != old.pk:
        messages.info(
            request,
            f"Residents have already answered version {old.version}, so its items are locked: "
            f"your change is in the new version {new.version}. Version {old.version} is kept.",
        )


class InstrumentListView(DirectorMixin, View):
    template_name = "assessments/instrument_list.html"

    def get_program(self):
        return get_program_for_director(user=self.request.user, slug=self.kwargs["slug"])

    def render_page(self, program, *, form=None, copy_form=None, status=200):
        sources = instruments_for_director(user=self.request.user).exclude(program=program)
        context = {
            "program": program,
            "instruments": program.instruments.annotate(item_count=Count("items")).order_by(
                "key", "-version"
            ),
            "form": form or InstrumentForm(),
            "copy_form": copy_form or CopyInstrumentForm(sources=sources),
        }
        return render(self.request, self.template_name, context, status=status)

    def get(self, request, slug):
        return self.render_page(self.get_program())

    def post(self, request, slug):
        program = self.get_program()
        if "source" in request.POST:
            sources = instruments_for_director(user=request.user).exclude(program=program)
            copy_form = CopyInstrumentForm(request.POST, sources=sources)
            if not copy_form.is_valid():
                return self.render_page(program, copy_form=copy_form, status=422)
            source = sources.get(pk=copy_form.cleaned_data["source"])
            instrument = copy_instrument(source=source, program=program, actor=request.user)
            messages.success(request, f"Copied {instrument.items.count()} items from {source}.")
            return redirect("assessments:instrument", pk=instrument.pk)
        form = InstrumentForm(request.POST)
        if not form.is_valid():
            return self.render_page(program, form=form, status=422)
        instrument = create_instrument(program=program, actor=request.user, **form.cleaned_data)
        return redirect("assessments:instrument", pk=instrument.pk)


class InstrumentDetailView(DirectorMixin, View):
    """The builder: items in order, add/edit/move/delete, CSV, administrations."""

    template_name = "assessments/instrument_detail.html"

    def get(self, request, pk):
        instrument = get_instrument_for_director(user=request.user, pk=pk)
        return render_builder(request, instrument)


def render_builder(
    request, instrument, *, item_form=None, import_form=None, admin_forms=None, status=200
):
    administrations = {a.kind: a for a in instrument.administrations.all()}
    defaults = default_windows(program=instrument.program)
    forms_by_kind = admin_forms or {}
    for kind in Administration.Kind.values:
        if kind in forms_by_kind:
            continue
        existing = administrations.get(kind)
        opens, closes = (existing.opens_at, existing.closes_at) if existing else defaults[kind]
        forms_by_kind[kind] = AdministrationForm(
            initial={
                "kind": kind,
                "opens_at": timezone.localtime(opens).strftime("%Y-%m-%dT%H:%M"),
                "closes_at": timezone.localtime(closes).strftime("%Y-%m-%dT%H:%M"),
                "includes_retrospective": existing.includes_retrospective if existing else False,
                "reminder_days": ",".join(map(str, existing.reminder_days)) if existing else "3,1",
            },
            prefix=kind,
        )
    context = {
        "instrument": instrument,
        "program": instrument.program,
        "items": instrument.items.prefetch_related("choices"),
        "is_locked": is_instrument_locked(instrument=instrument),
        "versions": instrument_versions(instrument=instrument),
        "item_form": item_form or ItemForm(initial={"kind": Item.Kind.KNOWLEDGE}),
        "import_form": import_form or CsvImportForm(),
        "administration_forms": [
            (label, administrations.get(kind), forms_by_kind[kind])
            for kind, label in Administration.Kind.choices
        ],
    }
    return render(request, "assessments/instrument_detail.html", context, status=status)


class ItemCreateView(DirectorMixin, View):
    def post(self, request, pk):
        instrument = get_instrument_for_director(user=request.user, pk=pk)
        form = ItemForm(request.POST)
        if form.is_valid():
            try:
                item = add_item(instrument=instrument, spec=form.to_spec(), actor=request.user)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                _version_message(request, instrument, item.instrument)
                messages.success(request, "Item added.")
                return redirect("assessments:instrument", pk=item.instrument_id)
        return render_builder(request, instrument, item_form=form, status=422)


class ItemEditView(DirectorMixin, View):
    template_name = "assessments/item_edit.html"

    def get(self, request, pk):
        item = get_item_for_director(user=request.user, pk=pk)
        form = ItemForm(initial=ItemForm.initial_for(item))
        return render(request, self.template_name, {"item": item, "form": form})

    def post(self, request, pk):
        item = get_item_for_director(user=request.user, pk=pk)
        form = ItemForm(request.POST)
        if form.is_valid():
            try:
                new = update_item(item=item, spec=form.to_spec(), actor=request.user)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                _version_message(request, item.instrument, new.instrument)
                messages.success(request, "Item saved.")
                return redirect("assessments:instrument", pk=new.instrument_id)
        return render(request, self.template_name, {"item": item, "form": form}, status=422)


class ItemMoveView(DirectorMixin, View):
    def post(self, request, pk):
        item = get_item_for_director(user=request.user, pk=pk)
        offset = -1 if request.POST.get("direction") == "up" else 1
        try:
            instrument = move_item(item=item, offset=offset, actor=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("assessments:instrument", pk=item.instrument_id)
        _version_message(request, item.instrument, instrument)
        return redirect("assessments:instrument", pk=instrument.pk)


class ItemDeleteView(DirectorMixin, View):
    def post(self, request, pk):
        item = get_item_for_director(user=request.user, pk=pk)
        try:
            instrument = delete_item(item=item, actor=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("assessments:instrument", pk=item.instrument_id)
        _version_message(request, item.instrument, instrument)
        messages.success(request, "Item removed.")
        return redirect("assessments:instrument", pk=instrument.pk)


class ExportItemsView(DirectorMixin, View):
    def get(self, request, pk):
        instrument = get_instrument_for_director(user=request.user, pk=pk)
        return csv_response(
            export_items_csv(instrument=instrument),
            f"{instrument.key}-v{instrument.version}.csv",
        )


class ImportItemsView(DirectorMixin, View):
    def post(self, request, pk):
        instrument = get_instrument_for_director(user=request.user, pk=pk)
        form = CsvImportForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                new, count = import_items_csv(
                    instrument=instrument, text=form.cleaned_data["file"], actor=request.user
                )
            except ValidationError as error:
                form.add_error("file", error)
            else:
                _version_message(request, instrument, new)
                messages.success(request, f"Imported {count} items.")
                return redirect("assessments:instrument", pk=new.pk)
        return render_builder(request, instrument, import_form=form, status=422)


class PreviewView(DirectorMixin, View):
    """The form as a resident sees it, with nothing saved."""

    def get(self, request, pk):
        instrument = get_instrument_for_director(user=request.user, pk=pk)
        is_pre = request.GET.get("kind") == "pre"
        preview = Administration(
            instrument=instrument,
            kind=Administration.Kind.PRE if is_pre else Administration.Kind.POST,
            includes_retrospective=not is_pre,
        )
        context = {
            "instrument": instrument,
            "administration": preview,
            "rows": form_rows(preview, {}, {}),
        }
        return render(request, "assessments/preview.html", context)


class AdministrationSaveView(DirectorMixin, View):
    def post(self, request, pk):
        instrument = get_instrument_for_director(user=request.user, pk=pk)
        kind = request.POST.get("kind_prefix", "")
        if kind not in Administration.Kind.values:
            messages.error(request, "Choose pre or post.")
            return redirect("assessments:instrument", pk=instrument.pk)
        form = AdministrationForm(request.POST, prefix=kind)
        if form.is_valid():
            data = form.cleaned_data
            try:
                schedule_administration(
                    instrument=instrument,
                    kind=kind,
                    opens_at=data["opens_at"],
                    closes_at=data["closes_at"],
                    includes_retrospective=data["includes_retrospective"],
                    reminder_days=data["reminder_days"],
                    actor=request.user,
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, "Window saved.")
                return redirect("assessments:instrument", pk=instrument.pk)
        return render_builder(request, instrument, admin_forms={kind: form}, status=422)
