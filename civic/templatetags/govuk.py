"""The London design system's Django layer: GOV.UK Frontend 5.14.0 markup.

Component markup lives in templates/components/ (one file per component) and
templates/govuk/forms/ (form fields); the tags here choose and feed those
templates when a component needs logic. docs/design-system.md shows how to use
each one. This library is a template builtin: no ``{% load %}`` needed.
"""

import re
from decimal import Decimal

from django import forms, template
from django.forms.formsets import BaseFormSet
from django.template.loader import get_template, render_to_string
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from civic.forms.widgets import GovukDateWidget

register = template.Library()

# --- Form fields ----------------------------------------------------------------

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

# Attributes Django puts on <input type="number"> that mean nothing on the text
# box GOV.UK asks for instead.
_NUMBER_ONLY_ATTRS = ("min", "max", "step")


def field_kind(bound_field) -> str:
    widget = bound_field.field.widget
    for widget_class, kind in _FIELD_TEMPLATES:
        if isinstance(widget, widget_class):
            return kind
    return "input"


def field_anchor(bound_field) -> str:
    """The id that the error summary links to: the field, or its first option.

    govuk_field gives the first radio, first checkbox and the day box of a date
    the field's own ``auto_id`` (``id_<name>``), so this is the same for every
    kind of field.
    """
    return bound_field.auto_id


@register.filter
def govuk_kind(bound_field) -> str:
    return field_kind(bound_field)


def _choice_options(bound_field, kind: str) -> list[dict]:
    values = bound_field.value()
    if kind == "radios":
        selected = {str(values)} if values not in (None, "") else set()
    else:
        selected = {str(v) for v in (values or [])}
    options = []
    for index, (value, label_text) in enumerate(bound_field.field.choices):
        if value in ("", None) and kind == "radios":
            continue  # an empty choice is what "not answered" already means
        option_value = str(getattr(value, "value", value))
        # The first option gets the field's own id so that the error summary's
        # link (#id_<field>) lands on it, as GOV.UK Frontend's macros do.
        option_id = (
            bound_field.auto_id if not options else f"{bound_field.auto_id}-{index + 1}"
        )
        options.append(
            {
                "id": option_id,
                "value": option_value,
                "label": label_text,
                "checked": option_value in selected,
                "divider": option_value == "__divider__",
            }
        )
    return options


def _date_parts(bound_field, autocomplete: str, has_errors: bool) -> list[dict]:
    widget = bound_field.field.widget
    value = bound_field.value()
    if not isinstance(value, list | tuple):
        value = widget.decompress(value)
    value = ["" if part is None else str(part) for part in value]
    # "Enter a full date": highlight only the boxes left empty; otherwise all three.
    filled = [bool(part.strip()) for part in value]
    partly_filled = any(filled) and not all(filled)
    names = (_("Day"), _("Month"), _("Year"))
    suffixes = ("day", "month", "year")
    parts = []
    for i, (part_label, suffix) in enumerate(zip(names, suffixes, strict=True)):
        parts.append(
            {
                "id": bound_field.auto_id if i == 0 else f"{bound_field.auto_id}_{i}",
                "name": f"{bound_field.html_name}_{i}",
                "label": part_label,
                "value": value[i],
                "width": 4 if suffix == "year" else 2,
                "error": has_errors and (not partly_filled or not filled[i]),
                "autocomplete": f"bday-{suffix}" if autocomplete == "bday" else "",
            }
        )
    return parts


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
    maxlength = (
        getattr(bound_field.field, "max_length", None) if kind == "textarea" else None
    )
    describedby = []
    if maxlength:
        # Character count: the "You can enter up to N characters" message.
        describedby.append(f"{bound_field.auto_id}-info")
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
        if maxlength:
            classes.append("govuk-js-character-count")
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
            text_attrs = {
                k: v for k, v in widget.attrs.items() if k not in _NUMBER_ONLY_ATTRS
            }
            rendered_widget = forms.TextInput(attrs=text_attrs).render(
                bound_field.html_name,
                bound_field.value(),
                attrs={"id": bound_field.auto_id, **attrs},
            )
        else:
            rendered_widget = bound_field.as_widget(attrs=attrs)

    options = (
        _choice_options(bound_field, kind) if kind in {"radios", "checkboxes"} else []
    )
    date_parts = (
        _date_parts(bound_field, autocomplete, bool(errors)) if kind == "date" else []
    )

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


def _forms_in(objects):
    """Forms, and the forms inside formsets, in the order given."""
    for obj in objects:
        if obj is None:
            continue
        if isinstance(obj, BaseFormSet):
            yield None, obj.non_form_errors() if obj.is_bound else []
            for form in obj.forms:
                yield form, []
        elif isinstance(obj, forms.BaseForm):
            yield obj, []


@register.inclusion_tag("components/error_summary.html")
def govuk_error_summary(*forms_):
    """One error summary for any number of forms (or formsets) on the page; each
    item links to the field (``#id_<field>``), which GOV.UK Frontend's JS then
    focuses. Errors that belong to no field are listed without a link."""
    items = []
    for form, extra_errors in _forms_in(forms_):
        for error in extra_errors:
            items.append({"text": error, "href": ""})
        if form is None or not form.is_bound or not form.errors:
            continue
        for error in form.non_field_errors():
            items.append({"text": error, "href": ""})
        # In the order of the fields on the page, as GOV.UK asks.
        for name in form.fields:
            field_errors = form.errors.get(name)
            if not field_errors:
                continue
            bound = form[name]
            href = "" if bound.is_hidden else f"#{field_anchor(bound)}"
            for error in field_errors:
                items.append({"text": error, "href": href})
    return {"items": items}


def _has_errors(value) -> bool:
    # type() rather than isinstance(): isinstance would evaluate lazy objects
    # (request.user), which costs a query and, on the 500 page, may fail.
    kind = type(value)
    if issubclass(kind, forms.BaseForm):
        return value.is_bound and bool(value.errors)
    if issubclass(kind, BaseFormSet):
        return value.is_bound and not value.is_valid()
    return False


@register.simple_tag(takes_context=True)
def page_title(context, title: str) -> str:
    """GOV.UK's title pattern: "[Error: ]Title – Service name"."""
    has_errors = any(_has_errors(value) for value in context.flatten().values())
    prefix = _("Error: ") if has_errors else ""
    return f"{prefix}{title} – {context.get('service_name', '')}".rstrip(" –")


# --- Small pieces ---------------------------------------------------------------


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
    """``{% govuk_tag _("Open") "green" %}``: colours are GOV.UK's tag colours
    (grey, green, turquoise, blue, light-blue, purple, pink, red, orange, yellow)."""
    css = "govuk-tag" + (f" govuk-tag--{colour}" if colour else "")
    return format_html('<strong class="{}">{}</strong>', css, text)


@register.simple_tag
def govuk_breadcrumbs(*pairs, label: str = "", collapse_on_mobile: bool = False):
    """``{% govuk_breadcrumbs _("Home") "/" _("Your account") account_url %}``.

    Text and address in pairs; a last text without an address is the current page.
    """
    items = []
    for i in range(0, len(pairs), 2):
        text = pairs[i]
        href = pairs[i + 1] if i + 1 < len(pairs) else ""
        items.append({"text": text, "href": href})
    return render_to_string(
        "components/breadcrumbs.html",
        {"items": items, "label": label, "collapse_on_mobile": collapse_on_mobile},
    )


# --- Summary list, task list, table ---------------------------------------------


def _summary_row(row) -> dict:
    if isinstance(row, list | tuple):
        key, value, *rest = row
        row = {"key": key, "value": value}
        if rest and rest[0]:
            row["href"] = rest[0]
    actions = list(row.get("actions") or [])
    if row.get("href"):
        actions.insert(
            0,
            {
                "href": row["href"],
                "text": row.get("action") or _("Change"),
                "hidden": row.get("hidden", row["key"]),
            },
        )
    value = row.get("value")
    lines = list(value) if isinstance(value, list | tuple) else None
    return {
        "key": row["key"],
        "value": "" if value is None else value,
        "lines": lines,
        "actions": [
            {
                "href": a["href"],
                "text": a.get("text") or _("Change"),
                "hidden": a.get("hidden", ""),
            }
            for a in actions
        ],
        "classes": row.get("classes", ""),
    }


@register.inclusion_tag("components/summary_list.html")
def govuk_summary_list(
    rows, *, card_title: str = "", heading_level: int = 2, classes: str = ""
):
    """``{% govuk_summary_list rows %}``. Each row is ``(key, value)``,
    ``(key, value, change_url)`` or a dict with ``key``, ``value`` (a list gives
    one line each), ``href`` (a "Change" link), ``action`` (its text), ``hidden``
    (the visually hidden words after it; default the key) and ``actions`` (more
    links: dicts with ``href``, ``text``, ``hidden``). ``card_title`` wraps the
    list in a summary card."""
    normalised = [_summary_row(row) for row in rows if row]
    any_actions = any(row["actions"] for row in normalised)
    return {
        "rows": normalised,
        "any_actions": any_actions,
        "card_title": card_title,
        "heading_level": heading_level,
        "classes": classes,
    }


def _task_status(status) -> dict:
    """The statuses GOV.UK's task list pattern uses, by the key callers pass."""
    if isinstance(status, dict):
        return status
    known = {
        "completed": {"text": _("Completed")},
        "incomplete": {"text": _("Incomplete"), "tag": "blue"},
        "in_progress": {"text": _("In progress"), "tag": "light-blue"},
        "cannot_start": {
            "text": _("Cannot start yet"),
            "classes": "govuk-task-list__status--cannot-start-yet",
        },
        "error": {"text": _("There is a problem"), "tag": "red"},
    }
    return known.get(str(status), {"text": status})


@register.inclusion_tag("components/task_list.html")
def govuk_task_list(items, *, id_prefix: str = "task-list"):
    """``{% govuk_task_list tasks %}``: each task is a dict with ``title``,
    ``href``, optional ``hint`` and ``status`` — "completed", "incomplete",
    "in_progress", "cannot_start", "error", or a dict with ``text``, ``tag``
    (a tag colour) and ``classes``. A task that cannot start yet gets no link."""
    tasks = []
    for index, item in enumerate(items, start=1):
        status = _task_status(item.get("status", "incomplete"))
        cannot_start = "cannot-start-yet" in status.get("classes", "")
        tasks.append(
            {
                "title": item["title"],
                "href": "" if cannot_start else item.get("href", ""),
                "hint": item.get("hint", ""),
                "status": status,
                "hint_id": f"{id_prefix}-{index}-hint",
                "status_id": f"{id_prefix}-{index}-status",
            }
        )
    return {"tasks": tasks}


def _table_cell(cell) -> dict:
    if isinstance(cell, dict):
        return {
            "text": cell.get("text", ""),
            "format": cell.get("format", ""),
            "classes": cell.get("classes", ""),
        }
    return {"text": cell, "format": "", "classes": ""}


@register.inclusion_tag("components/table.html")
def govuk_table(
    rows,
    *,
    head=None,
    caption: str = "",
    caption_size: str = "m",
    first_cell_is_header: bool = False,
    numeric: str = "",
    classes: str = "",
):
    """``{% govuk_table rows head=head caption=_("Pledges") numeric="2,3" %}``.

    Cells are text (escaped; pass ``format_html`` output for links) or dicts
    with ``text``, ``format`` ("numeric") and ``classes``. ``numeric`` lists the
    1-based columns to right-align. Column headers get ``scope="col"``; with
    ``first_cell_is_header`` each row's first cell is a ``<th scope="row">``.
    """
    numeric_columns = {int(n) for n in str(numeric).split(",") if n.strip()}

    def with_format(cells):
        out = []
        for i, cell in enumerate(cells, start=1):
            cell = _table_cell(cell)
            if i in numeric_columns and not cell["format"]:
                cell["format"] = "numeric"
            out.append(cell)
        return out

    return {
        "caption": caption,
        "caption_size": caption_size,
        "head": with_format(head or []),
        "rows": [with_format(row) for row in rows],
        "first_cell_is_header": first_cell_is_header,
        "classes": classes,
    }


# --- Pagination and progress ----------------------------------------------------


def pagination_numbers(current: int, last: int) -> list[int | None]:
    """Page numbers to show, ``None`` for an ellipsis: first, last, and the pages
    either side of the current one (GOV.UK's pagination guidance)."""
    wanted = {1, last, current - 1, current, current + 1}
    pages = sorted(n for n in wanted if 1 <= n <= last)
    numbers: list[int | None] = []
    for n in pages:
        if numbers and n - numbers[-1] == 2:
            numbers.append(n - 1)  # one hidden page: show it rather than an ellipsis
        elif numbers and n - numbers[-1] > 2:
            numbers.append(None)
        numbers.append(n)
    return numbers


@register.inclusion_tag("components/pagination.html")
def govuk_pagination(page_obj, request, *, param: str = "page", label: str = ""):
    """``{% govuk_pagination page_obj request %}``: numbered pagination for a
    Django ``Page``. Links keep the other query-string parameters (filters,
    search terms). Renders nothing when there is only one page."""
    paginator = page_obj.paginator
    if paginator.num_pages <= 1:
        return {"show": False}

    def href(number: int) -> str:
        query = request.GET.copy()
        query[param] = str(number)
        return "?" + query.urlencode()

    items = []
    for number in pagination_numbers(page_obj.number, paginator.num_pages):
        if number is None:
            items.append({"ellipsis": True})
        else:
            items.append(
                {
                    "number": number,
                    "href": href(number),
                    "current": number == page_obj.number,
                }
            )
    return {
        "show": True,
        "label": label,
        "items": items,
        "previous": href(page_obj.previous_page_number())
        if page_obj.has_previous()
        else "",
        "next": href(page_obj.next_page_number()) if page_obj.has_next() else "",
    }


@register.inclusion_tag("components/progress.html")
def govuk_progress(current, total, *, text: str = "", id: str = "progress"):
    """``{% govuk_progress 3 12 %}`` shows "Question 3 of 12" and a progress bar
    (a native ``<progress>``: no JavaScript, no inline style)."""
    current, total = int(current), int(total)
    if not text:
        text = _("Question %(current)s of %(total)s") % {
            "current": current,
            "total": total,
        }
    return {"current": min(current, total), "total": total, "text": text, "id": id}


# --- Block components -----------------------------------------------------------

_COMPONENT_NAME = re.compile(r"^[a-z][a-z_]*$")


class ComponentNode(template.Node):
    def __init__(self, name, kwargs, nodelist):
        self.name = name
        self.kwargs = kwargs
        self.nodelist = nodelist

    def render(self, context):
        name = self.name.resolve(context)
        if not _COMPONENT_NAME.match(str(name)):
            raise template.TemplateSyntaxError(f"Unknown component {name!r}")
        values = {key: value.resolve(context) for key, value in self.kwargs.items()}
        values["content"] = mark_safe(self.nodelist.render(context).strip())  # noqa: S308
        return get_template(f"components/{name}.html").render(values)


@register.tag
def govuk_component(parser, token):
    """A component from templates/components/ with HTML content:

        {% govuk_component "details" summary=_("Help with your postcode") %}
          <p class="govuk-body">…</p>
        {% endgovuk_component %}

    The content arrives in the component template as ``content``; the other
    arguments as themselves. The component sees none of the page's context.
    """
    bits = token.split_contents()
    if len(bits) < 2:
        raise template.TemplateSyntaxError("govuk_component needs a component name")
    name = parser.compile_filter(bits[1])
    kwargs = template.base.token_kwargs(bits[2:], parser)
    if len(kwargs) != len(bits[2:]):
        raise template.TemplateSyntaxError(
            "govuk_component takes name=value arguments only"
        )
    nodelist = parser.parse(("endgovuk_component",))
    parser.delete_first_token()
    return ComponentNode(name, kwargs, nodelist)


class TabNode(template.Node):
    def __init__(self, tab_id, label, nodelist):
        self.tab_id = tab_id
        self.label = label
        self.nodelist = nodelist

    def item(self, context) -> dict:
        return {
            "id": self.tab_id.resolve(context),
            "label": self.label.resolve(context),
            "content": mark_safe(self.nodelist.render(context).strip()),  # noqa: S308
        }

    def render(self, context):  # only ever rendered through TabsNode
        return ""


class TabsNode(template.Node):
    def __init__(self, title, nodelist):
        self.title = title
        self.nodelist = nodelist

    def render(self, context):
        items = [
            node.item(context) for node in self.nodelist if isinstance(node, TabNode)
        ]
        title = self.title.resolve(context) if self.title else _("Contents")
        return render_to_string(
            "components/tabs.html", {"title": title, "items": items}
        )


@register.tag
def govuk_tabs(parser, token):
    """Tabs; each ``govuk_tab`` takes an id and a label:

        {% govuk_tabs _("Pledges") %}
          {% govuk_tab "past-week" _("Past week") %}…{% endgovuk_tab %}
          {% govuk_tab "past-month" _("Past month") %}…{% endgovuk_tab %}
        {% endgovuk_tabs %}

    Without JavaScript the tabs are a list of links to sections on the page.
    """
    bits = token.split_contents()
    title = parser.compile_filter(bits[1]) if len(bits) > 1 else None
    nodelist = parser.parse(("endgovuk_tabs",))
    parser.delete_first_token()
    return TabsNode(title, nodelist)


@register.tag
def govuk_tab(parser, token):
    bits = token.split_contents()
    if len(bits) != 3:
        raise template.TemplateSyntaxError("govuk_tab takes an id and a label")
    nodelist = parser.parse(("endgovuk_tab",))
    parser.delete_first_token()
    return TabNode(
        parser.compile_filter(bits[1]), parser.compile_filter(bits[2]), nodelist
    )
