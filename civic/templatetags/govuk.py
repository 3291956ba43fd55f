"""The London design system's Django layer: GOV.UK Frontend markup for forms,
money and page titles. Component markup lives in templates/components/ and
templates/govuk/forms/; these tags choose and feed those templates.
"""

from decimal import Decimal

from django import forms, template
from django.template.loader import render_to_string
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from civic.forms.widgets import GovukDateWidget

register = template.Library()

# Widget class -> template under govuk/forms/fields/. Order matters: subclasses first.
_FIELD_TEMPLATES = (
    (forms.CheckboxSelectMultiple, "checkboxes"),
    (forms.RadioSelect, "radios"),
    (forms.CheckboxInput, "checkbox"),
    (GovukDateWidget, "date"),
    (forms.Textarea, "textarea"),
    (forms.Select, "select"),
    (forms.ClearableFileInput, "file"),
    (forms.FileInput, "file"),
    (forms.HiddenInput, "hidden"),
)


def field_kind(bound_field) -> str:
    widget = bound_field.field.widget
    for widget_class, kind in _FIELD_TEMPLATES:
        if isinstance(widget, widget_class):
            return kind
    return "input"


def field_anchor(bound_field) -> str:
    """The id that the error summary links to: the field, or its first option."""
    return bound_field.auto_id


@register.filter
def govuk_kind(bound_field) -> str:
    return field_kind(bound_field)


@register.simple_tag
def govuk_field(
    bound_field,
    *,
    label_size: str = "",
    heading: bool = False,
    input_class: str = "",
    hint: str | None = None,
    label: str | None = None,
    inline: bool = False,
    small: bool = False,
    autocomplete: str = "",
    spellcheck: str = "",
    inputmode: str = "",
):
    """Render one form field as a GOV.UK form group.

    ``heading=True`` makes the label (or legend) the page's ``<h1>``, as GOV.UK
    asks for on one-question pages; ``label_size`` is s, m, l or xl.
    """
    kind = field_kind(bound_field)
    widget = bound_field.field.widget
    errors = bound_field.errors
    hint_text = bound_field.help_text if hint is None else hint
    describedby = []
    if hint_text:
        describedby.append(f"{bound_field.auto_id}-hint")
    if errors:
        describedby.append(f"{bound_field.auto_id}-error")

    attrs = {}
    if kind in {"input", "textarea", "select", "file"}:
        base = {
            "input": "govuk-input",
            "textarea": "govuk-textarea",
            "select": "govuk-select",
            "file": "govuk-file-upload",
        }[kind]
        classes = [base]
        if input_class:
            classes.append(input_class)
        if errors:
            classes.append(f"{base}--error")
        attrs["class"] = " ".join(classes)
        if describedby:
            attrs["aria-describedby"] = " ".join(describedby)
        if autocomplete:
            attrs["autocomplete"] = autocomplete
        if spellcheck:
            attrs["spellcheck"] = spellcheck
        if inputmode:
            attrs["inputmode"] = inputmode
        if kind == "input" and isinstance(widget, forms.NumberInput):
            # GOV.UK: no type=number (spinners, scroll-to-change); a text box that
            # asks phones for the number pad instead.
            attrs.setdefault("inputmode", "numeric")
    rendered_widget = ""
    if kind in {"input", "textarea", "select", "file", "hidden"}:
        if kind == "input" and isinstance(widget, forms.NumberInput):
            rendered_widget = forms.TextInput(attrs=widget.attrs).render(
                bound_field.html_name,
                bound_field.value(),
                attrs={"id": bound_field.auto_id, **attrs},
            )
        else:
            rendered_widget = bound_field.as_widget(attrs=attrs)

    options = []
    if kind in {"radios", "checkboxes"}:
        values = bound_field.value()
        if kind == "radios":
            selected = {str(values)} if values not in (None, "") else set()
        else:
            selected = {str(v) for v in (values or [])}
        for index, (value, label_text) in enumerate(bound_field.field.choices):
            if value in ("", None) and kind == "radios":
                continue  # an empty choice is what "not answered" already means
            option_value = str(getattr(value, "value", value))
            option_id = bound_field.auto_id if not options else f"{bound_field.auto_id}-{index + 1}"
            options.append(
                {
                    "id": option_id,
                    "value": option_value,
                    "label": label_text,
                    "checked": option_value in selected,
                    "divider": option_value == "__divider__",
                }
            )

    date_parts = []
    if kind == "date":
        value = bound_field.value()
        if not isinstance(value, (list, tuple)):
            value = widget.decompress(value)
        names = (_("Day"), _("Month"), _("Year"))
        suffixes = ("day", "month", "year")
        for i, (part_label, suffix) in enumerate(zip(names, suffixes, strict=True)):
            date_parts.append(
                {
                    "id": bound_field.auto_id if i == 0 else f"{bound_field.auto_id}_{i}",
                    "name": f"{bound_field.html_name}_{i}",
                    "label": part_label,
                    "value": "" if value[i] is None else value[i],
                    "width": 4 if suffix == "year" else 2,
                    "autocomplete": {"day": "bday-day", "month": "bday-month", "year": "bday-year"}[suffix]
                    if autocomplete == "bday"
                    else "",
                }
            )

    maxlength = getattr(bound_field.field, "max_length", None) if kind == "textarea" else None
    context = {
        "field": bound_field,
        "kind": kind,
        "label": bound_field.label if label is None else label,
        "label_size": label_size,
        "heading": heading,
        "hint": hint_text,
        "errors": errors,
        "widget": mark_safe(rendered_widget),  # noqa: S308 - Django rendered and escaped it
        "options": options,
        "date_parts": date_parts,
        "describedby": " ".join(describedby),
        "inline": inline,
        "small": small,
        "maxlength": maxlength,
        "required": bound_field.field.required,
    }
    return mark_safe(render_to_string(f"govuk/forms/fields/{kind}.html", context))  # noqa: S308


@register.inclusion_tag("components/error_summary.html")
def govuk_error_summary(*forms_):
    """One error summary for any number of forms on the page; each item links
    to the field (``#id_<field>``), which GOV.UK Frontend's JS then focuses."""
    items = []
    for form in forms_:
        if form is None or not getattr(form, "errors", None):
            continue
        for error in form.non_field_errors():
            items.append({"text": error, "href": ""})
        for name, field_errors in form.errors.items():
            if name == forms.forms.NON_FIELD_ERRORS or name not in form.fields:
                continue
            anchor = field_anchor(form[name])
            for error in field_errors:
                items.append({"text": error, "href": f"#{anchor}"})
    return {"items": items}


@register.simple_tag(takes_context=True)
def page_title(context, title: str) -> str:
    """GOV.UK's title pattern: "[Error: ]Title – Service name"."""
    has_errors = any(
        getattr(value, "errors", None) and isinstance(value, forms.BaseForm)
        for value in context.flatten().values()
    )
    prefix = _("Error: ") if has_errors else ""
    return f"{prefix}{title} – {context.get('service_name', '')}".rstrip(" –")


@register.filter
def pence(value) -> str:
    """Integer pence to pounds for display: 1234567 -> '£12,345.67', 500 -> '£5'."""
    if value in (None, ""):
        return ""
    amount = Decimal(int(value)) / 100
    if amount == amount.to_integral_value():
        return f"£{int(amount):,}"
    return f"£{amount:,.2f}"


@register.simple_tag
def govuk_tag(text: str, colour: str = "") -> str:
    css = "govuk-tag" + (f" govuk-tag--{colour}" if colour else "")
    return format_html('<strong class="{}">{}</strong>', css, text)
