"""The form renderer. The parts every form shows (inputs, selects, text areas, radio buttons and
check boxes, labels and error lists) are written here in Python: the same HTML Django's widget
templates give, without a template render per field, per label and per option (which cost about
0.2 ms a field). Any other widget renders from its template, which templates/django/forms/ may
override; the ones written here cannot be overridden by a template."""

from html import escape

from django.forms.renderers import TemplatesSetting
from django.utils.formats import localize
from django.utils.safestring import SafeData, SafeString, mark_safe
from django.utils.timezone import template_localtime


def _escaped(text) -> str:
    """Django's conditional_escape, without its lazy-string wrapper (the whole is marked safe
    once, by the renderer)."""
    if hasattr(text, "__html__"):
        return text.__html__()
    return escape(str(text))


def _shown(value) -> str:
    """`{{ value }}`: local time, localized, escaped unless marked safe."""
    if type(value) is not str:
        value = localize(template_localtime(value))
    return _escaped(value)


def _formatted(value) -> str:
    """`{{ value|stringformat:'s' }}`: its text, escaped unless it was marked safe."""
    text = str(value)
    return text if isinstance(value, SafeData) else escape(text)


def _attrs(attrs: dict | None) -> str:
    """django/forms/attrs.html: a True value is written as the bare name, a False one left out."""
    if not attrs:
        return ""
    return "".join(
        f" {_shown(name)}" if value is True else f' {_shown(name)}="{_formatted(value)}"'
        for name, value in attrs.items()
        if value is not False
    )


def _input(widget: dict) -> str:
    value = widget.get("value")
    shown = "" if value is None else f' value="{_formatted(value)}"'
    return (
        f'<input type="{_shown(widget["type"])}" name="{_shown(widget["name"])}"'
        f"{shown}{_attrs(widget['attrs'])}>"
    )


def _select(widget: dict) -> str:
    html = [f'<select name="{_shown(widget["name"])}"{_attrs(widget["attrs"])}>']
    for group, options, _index in widget["optgroups"]:
        if group:
            html.append(f'\n  <optgroup label="{_shown(group)}">')
        html.extend(
            f'\n  <option value="{_formatted(option["value"])}"{_attrs(option["attrs"])}>'
            f"{_shown(option['label'])}</option>\n"
            for option in options
        )
        if group:
            html.append("\n  </optgroup>")
    html.append("\n</select>")
    return "".join(html)


def _textarea(widget: dict) -> str:
    value = _shown(widget["value"]) if widget["value"] else ""
    name = _shown(widget["name"])
    return f'<textarea name="{name}"{_attrs(widget["attrs"])}>\n{value}</textarea>'


def _option(widget: dict) -> str:
    """django/forms/widgets/radio_option.html or checkbox_option.html, unstripped (as an include
    gives it): input_option.html, with each template's last line break."""
    if not widget["wrap_label"]:
        return f"{_input(widget)}\n\n\n"
    target = widget["attrs"].get("id")
    target = f' for="{_shown(target)}"' if target else ""
    return f"<label{target}>{_input(widget)}\n {_shown(widget['label'])}</label>\n\n"


def _choices(widget: dict) -> str:
    """django/forms/widgets/multiple_input.html: radio buttons or check boxes, each in a div."""
    attrs = widget["attrs"]
    html = [
        "<div",
        f' id="{_shown(attrs["id"])}"' if attrs.get("id") else "",
        f' class="{_shown(attrs["class"])}"' if attrs.get("class") else "",
        ">",
    ]
    for group, options, _index in widget["optgroups"]:
        if group:
            html.append(f"\n  <div><label>{_shown(group)}</label>")
        html.extend(f"<div>\n    {_option(option)}</div>" for option in options)
        if group:
            html.append("\n  </div>")
    html.append("\n</div>")
    return "".join(html)


def _label(context: dict) -> str:
    label = _shown(context["label"])
    if not context["use_tag"]:
        return label
    tag = _shown(context["tag"])
    return f"<{tag}{_attrs(context['attrs'])}>{label}</{tag}>"


def _errors(context: dict) -> str:
    """django/forms/errors/list/default.html (a ul, or nothing when there is no error)."""
    errors = context["errors"]
    if not errors:
        return ""
    field = getattr(errors, "field_id", None)
    field = f' id="{_shown(field)}_error"' if field else ""
    items = "".join(f"<li>{_shown(error)}</li>" for error in errors)
    return f'<ul class="{_shown(context["error_class"])}"{field}>{items}</ul>'


def _of_widget(write):
    return lambda context: write(context["widget"])


_INPUTS = "input text number email url password hidden date datetime time checkbox search tel color"
WRITTEN = {
    **{f"django/forms/widgets/{name}.html": _of_widget(_input) for name in _INPUTS.split()},
    "django/forms/widgets/select.html": _of_widget(_select),
    "django/forms/widgets/textarea.html": _of_widget(_textarea),
    "django/forms/widgets/radio.html": _of_widget(_choices),
    "django/forms/widgets/checkbox_select.html": _of_widget(_choices),
    "django/forms/widgets/radio_option.html": _of_widget(lambda widget: _option(widget).strip()),
    "django/forms/widgets/checkbox_option.html": _of_widget(lambda widget: _option(widget).strip()),
    "django/forms/label.html": _label,
    "django/forms/errors/list/default.html": _errors,
    "django/forms/errors/list/ul.html": _errors,
}


class FormRenderer(TemplatesSetting):
    """TemplatesSetting, with the templates in WRITTEN written in Python."""

    def render(self, template_name, context, request=None) -> SafeString:
        write = WRITTEN.get(template_name)
        if write is None:
            return super().render(template_name, context, request=request)
        return mark_safe(write(context))  # noqa: S308 -- every value above is escaped
