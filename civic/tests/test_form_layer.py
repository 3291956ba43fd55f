"""The GOV.UK form layer: govuk_field for every kind of field, the date field,
the error summary, page titles and the pence filter."""

import datetime

import pytest
from bs4 import BeautifulSoup
from django import forms
from django.template import Context, Template

from civic.forms.widgets import GovukDateField
from civic.templatetags.govuk import govuk_error_summary, pence


class EveryKindForm(forms.Form):
    name = forms.CharField(
        label="Full name",
        help_text="As on your passport",
        error_messages={"required": "Enter your full name"},
    )
    age = forms.IntegerField(
        label="Age", min_value=16, error_messages={"required": "Enter your age"}
    )
    story = forms.CharField(label="Your story", max_length=50, widget=forms.Textarea)
    colour = forms.ChoiceField(
        label="Colour",
        choices=[("", "Choose a colour"), ("red", "Red"), ("blue", "Blue")],
        error_messages={"required": "Select a colour"},
    )
    size = forms.ChoiceField(
        label="Size",
        choices=[("s", "Small"), ("m", "Medium"), ("l", "Large")],
        widget=forms.RadioSelect,
        help_text="Pick one",
        error_messages={"required": "Select a size"},
    )
    extras = forms.MultipleChoiceField(
        label="Extras",
        choices=[("milk", "Milk"), ("sugar", "Sugar")],
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Select at least one extra"},
    )
    agree = forms.BooleanField(
        label="I agree", error_messages={"required": "Confirm that you agree"}
    )
    born = GovukDateField(
        label="Date of birth", error_messages={"required": "Enter your date of birth"}
    )
    photo = forms.FileField(label="Photo", required=False)
    token = forms.CharField(widget=forms.HiddenInput, required=False)


def render_field(form, name, **kwargs):
    args = " ".join(
        f'{key}="{value}"' if isinstance(value, str) else f"{key}={value}"
        for key, value in kwargs.items()
    )
    html = Template("{% govuk_field field " + args + " %}").render(
        Context({"field": form[name]})
    )
    return BeautifulSoup(html, "html.parser")


@pytest.fixture
def invalid_form():
    form = EveryKindForm(data={"age": "abc", "story": "x" * 60})
    assert not form.is_valid()
    return form


# --- Text input ----------------------------------------------------------------------


def test_text_input_label_points_at_the_input_and_hint_is_described():
    soup = render_field(EveryKindForm(), "name")
    label = soup.find("label")
    field = soup.find("input")
    assert label["for"] == "id_name" == field["id"]
    assert label["class"] == ["govuk-label"]
    assert soup.find(id="id_name-hint").get_text() == "As on your passport"
    assert field["aria-describedby"] == "id_name-hint"
    assert field["class"] == ["govuk-input"]


def test_text_input_with_error_shows_message_classes_and_description(invalid_form):
    soup = render_field(invalid_form, "name")
    group = soup.find(class_="govuk-form-group")
    assert "govuk-form-group--error" in group["class"]
    error = soup.find(id="id_name-error")
    assert "govuk-error-message" in error["class"]
    assert error.get_text(" ", strip=True) == "Error: Enter your full name"
    assert soup.find("input")["aria-describedby"] == "id_name-hint id_name-error"
    assert "govuk-input--error" in soup.find("input")["class"]


def test_heading_makes_the_label_the_page_heading():
    soup = render_field(EveryKindForm(), "name", heading=True)
    assert soup.find("h1", class_="govuk-label-wrapper").find("label")["class"] == [
        "govuk-label",
        "govuk-label--l",
    ]


def test_input_options_reach_the_input():
    soup = render_field(
        EveryKindForm(),
        "name",
        input_class="govuk-input--width-20",
        autocomplete="name",
        spellcheck="false",
    )
    field = soup.find("input")
    assert "govuk-input--width-20" in field["class"]
    assert field["autocomplete"] == "name"
    assert field["spellcheck"] == "false"


def test_number_field_is_a_numeric_text_box_without_number_attributes():
    soup = render_field(EveryKindForm(initial={"age": 30}), "age")
    field = soup.find("input")
    assert field["type"] == "text"
    assert field["inputmode"] == "numeric"
    assert field["value"] == "30"
    assert not {"min", "max", "step"} & set(field.attrs)


def test_number_field_redisplays_what_was_typed(invalid_form):
    soup = render_field(invalid_form, "age")
    assert soup.find("input")["value"] == "abc"
    assert soup.find(id="id_age-error")


# --- Textarea and character count ----------------------------------------------------


def test_textarea_with_max_length_is_a_character_count():
    soup = render_field(EveryKindForm(), "story")
    group = soup.find(class_="govuk-character-count")
    assert group["data-module"] == "govuk-character-count"
    assert group["data-maxlength"] == "50"
    textarea = soup.find("textarea")
    assert "govuk-textarea" in textarea["class"]
    assert "govuk-js-character-count" in textarea["class"]
    assert textarea["aria-describedby"] == "id_story-info"
    assert "50 characters" in soup.find(id="id_story-info").get_text()


def test_textarea_error_is_described_and_marked(invalid_form):
    soup = render_field(invalid_form, "story")
    textarea = soup.find("textarea")
    assert "govuk-textarea--error" in textarea["class"]
    assert textarea["aria-describedby"] == "id_story-info id_story-error"
    assert textarea.get_text().strip() == "x" * 60


# --- Select --------------------------------------------------------------------------


def test_select_has_govuk_classes_and_keeps_the_choice():
    soup = render_field(EveryKindForm(data={"colour": "blue"}), "colour")
    select = soup.find("select")
    assert select["class"] == ["govuk-select"]
    assert soup.find("label")["for"] == select["id"] == "id_colour"
    assert select.find("option", selected=True)["value"] == "blue"


def test_select_error(invalid_form):
    soup = render_field(invalid_form, "colour")
    assert "govuk-select--error" in soup.find("select")["class"]
    assert soup.find("select")["aria-describedby"] == "id_colour-error"


# --- Radios --------------------------------------------------------------------------


def test_first_radio_has_the_field_id_so_the_error_summary_link_lands_on_it():
    soup = render_field(EveryKindForm(), "size")
    radios = soup.find_all("input", type="radio")
    assert [r["id"] for r in radios][0] == "id_size"
    assert len({r["id"] for r in radios}) == 3
    for radio in radios:
        assert soup.find("label", attrs={"for": radio["id"]})
    assert soup.find("legend").get_text(strip=True) == "Size"


def test_radios_are_described_on_the_fieldset_and_checked_when_chosen():
    soup = render_field(EveryKindForm(data={"size": "m"}), "size", inline=True)
    assert soup.find("fieldset")["aria-describedby"] == "id_size-hint"
    checked = soup.find_all("input", checked=True)
    assert [c["value"] for c in checked] == ["m"]
    assert "govuk-radios--inline" in soup.find(class_="govuk-radios")["class"]


def test_radios_error(invalid_form):
    soup = render_field(invalid_form, "size")
    assert "govuk-form-group--error" in soup.find(class_="govuk-form-group")["class"]
    assert soup.find("fieldset")["aria-describedby"] == "id_size-hint id_size-error"
    assert "Select a size" in soup.find(id="id_size-error").get_text()


def test_radios_skip_the_empty_choice():
    form = EveryKindForm()
    form.fields["colour"].widget = forms.RadioSelect(
        choices=form.fields["colour"].choices
    )
    soup = render_field(form, "colour")
    assert [r["value"] for r in soup.find_all("input")] == ["red", "blue"]
    assert soup.find("input")["id"] == "id_colour"


def test_legend_as_page_heading():
    soup = render_field(EveryKindForm(), "size", heading=True)
    legend = soup.find("legend")
    assert "govuk-fieldset__legend--l" in legend["class"]
    assert legend.find("h1", class_="govuk-fieldset__heading").get_text() == "Size"


# --- Checkboxes ----------------------------------------------------------------------


def test_checkboxes_first_id_checked_state_and_error(invalid_form):
    soup = render_field(EveryKindForm(data={"extras": ["sugar"]}), "extras")
    boxes = soup.find_all("input", type="checkbox")
    assert boxes[0]["id"] == "id_extras"
    assert [b["value"] for b in boxes if b.has_attr("checked")] == ["sugar"]

    soup = render_field(invalid_form, "extras")
    assert soup.find("fieldset")["aria-describedby"] == "id_extras-error"
    assert "govuk-form-group--error" in soup.find(class_="govuk-form-group")["class"]


def test_single_checkbox_label_checked_state_and_error(invalid_form):
    soup = render_field(EveryKindForm(data={"agree": "on"}), "agree")
    box = soup.find("input", type="checkbox")
    assert box["id"] == "id_agree"
    assert box.has_attr("checked")
    assert soup.find("label")["for"] == "id_agree"

    soup = render_field(invalid_form, "agree")
    box = soup.find("input", type="checkbox")
    assert not box.has_attr("checked")
    assert box["aria-describedby"] == "id_agree-error"
    assert "Confirm that you agree" in soup.find(id="id_agree-error").get_text()


# --- File and hidden -----------------------------------------------------------------


def test_file_upload_has_govuk_class_and_label():
    soup = render_field(EveryKindForm(), "photo")
    field = soup.find("input", type="file")
    assert field["class"] == ["govuk-file-upload"]
    assert soup.find("label")["for"] == field["id"] == "id_photo"


def test_hidden_field_is_only_the_input():
    soup = render_field(EveryKindForm(initial={"token": "abc"}), "token")
    assert not soup.find(class_="govuk-form-group")
    assert soup.find("input")["type"] == "hidden"
    assert soup.find("input")["value"] == "abc"


# --- Date ----------------------------------------------------------------------------


def date_form(day, month, year):
    return EveryKindForm(data={"born_0": day, "born_1": month, "born_2": year})


def test_valid_date_is_cleaned_to_a_date():
    form = date_form("27", "3", "2007")
    form.is_valid()
    assert "born" not in form.errors
    assert form.cleaned_data["born"] == datetime.date(2007, 3, 27)


def test_empty_date_uses_the_field_required_message():
    form = date_form("", "", "")
    assert form.errors["born"] == ["Enter your date of birth"]


def test_date_missing_a_part_asks_for_a_full_date():
    form = date_form("27", "", "2007")
    assert form.errors["born"] == ["Enter a full date, with day, month and year"]


@pytest.mark.parametrize(
    ("day", "month", "year"),
    [("31", "2", "2020"), ("1", "13", "2020"), ("x", "1", "2020")],
)
def test_impossible_date_asks_for_a_real_date(day, month, year):
    assert date_form(day, month, year).errors["born"] == ["Enter a real date"]


def test_two_digit_year_is_refused():
    assert date_form("1", "2", "23").errors["born"] == ["Year must include 4 numbers"]


def test_optional_date_left_empty_is_none():
    class OptionalDate(forms.Form):
        when = GovukDateField(required=False)

    form = OptionalDate(data={"when_0": "", "when_1": "", "when_2": ""})
    assert form.is_valid()
    assert form.cleaned_data["when"] is None


def test_date_field_redisplays_values_and_marks_only_the_missing_part():
    soup = render_field(date_form("27", "", "2007"), "born", autocomplete="bday")
    day, month, year = soup.find_all("input")
    assert (day["id"], month["id"], year["id"]) == ("id_born", "id_born_1", "id_born_2")
    assert (day["name"], month["name"], year["name"]) == ("born_0", "born_1", "born_2")
    assert (day["value"], month["value"], year["value"]) == ("27", "", "2007")
    assert "govuk-input--error" not in day["class"]
    assert "govuk-input--error" in month["class"]
    assert day["autocomplete"] == "bday-day"
    assert soup.find("fieldset")["role"] == "group"
    assert soup.find("fieldset")["aria-describedby"] == "id_born-error"
    assert soup.find(id="id_born-error")


def test_date_field_shows_an_initial_date():
    soup = render_field(
        EveryKindForm(initial={"born": datetime.date(1990, 4, 3)}), "born"
    )
    assert [i["value"] for i in soup.find_all("input")] == ["3", "4", "1990"]


def test_real_date_error_marks_every_box():
    soup = render_field(date_form("31", "2", "2020"), "born")
    assert all("govuk-input--error" in i["class"] for i in soup.find_all("input"))


# --- Whole forms ---------------------------------------------------------------------


def test_form_renders_every_field_through_the_govuk_templates(invalid_form):
    soup = BeautifulSoup(str(invalid_form), "html.parser")
    assert soup.find(id="id_name-error")
    assert soup.find("input", id="id_size", type="radio")
    assert soup.find("input", type="hidden", attrs={"name": "token"})
    assert not soup.find(class_="errorlist")


# --- Error summary -------------------------------------------------------------------


def test_error_summary_links_each_error_to_its_field_in_page_order(invalid_form):
    items = govuk_error_summary(invalid_form)["items"]
    assert [item["href"] for item in items] == [
        "#id_name",
        "#id_age",
        "#id_story",
        "#id_colour",
        "#id_size",
        "#id_extras",
        "#id_agree",
        "#id_born",
    ]
    assert items[0]["text"] == "Enter your full name"


def test_error_summary_lists_non_field_errors_without_a_link():
    class PairForm(forms.Form):
        first = forms.CharField(required=False)

        def clean(self):
            raise forms.ValidationError("Enter a first name or a last name")

    form = PairForm(data={})
    html = Template("{% govuk_error_summary form %}").render(Context({"form": form}))
    soup = BeautifulSoup(html, "html.parser")
    assert (
        soup.find(class_="govuk-error-summary")["data-module"] == "govuk-error-summary"
    )
    assert (
        soup.find(attrs={"role": "alert"}).find("h2").get_text() == "There is a problem"
    )
    item = soup.find("li")
    assert item.get_text(strip=True) == "Enter a first name or a last name"
    assert not item.find("a")


def test_error_summary_renders_links_and_nothing_for_a_valid_form(invalid_form):
    html = Template("{% govuk_error_summary form %}").render(
        Context({"form": invalid_form})
    )
    soup = BeautifulSoup(html, "html.parser")
    assert soup.find("a", href="#id_name").get_text() == "Enter your full name"

    clean = EveryKindForm()
    assert (
        Template("{% govuk_error_summary form %}")
        .render(Context({"form": clean}))
        .strip()
        == ""
    )


def test_error_summary_covers_several_forms_and_formsets(invalid_form):
    formset_class = forms.formset_factory(EveryKindForm, extra=0)
    formset = formset_class(
        data={"form-TOTAL_FORMS": "1", "form-INITIAL_FORMS": "0", "form-0-age": "abc"}
    )
    items = govuk_error_summary(None, invalid_form, formset)["items"]
    hrefs = [item["href"] for item in items]
    assert "#id_name" in hrefs
    assert "#id_form-0-age" in hrefs


# --- Page title ----------------------------------------------------------------------


def render_title(**context):
    template = Template('{% page_title "Your profile" %}')
    return template.render(Context({"service_name": "London civic portal", **context}))


def test_page_title_has_the_service_name():
    assert render_title() == "Your profile – London civic portal"


def test_page_title_says_error_when_a_form_on_the_page_has_errors(invalid_form):
    assert (
        render_title(form=invalid_form) == "Error: Your profile – London civic portal"
    )


def test_page_title_has_no_error_prefix_for_an_unbound_or_valid_form():
    assert render_title(form=EveryKindForm()).startswith("Your profile")


def test_page_title_ignores_lazy_objects_without_evaluating_them():
    from django.utils.functional import SimpleLazyObject

    def explode():
        raise AssertionError("evaluated")

    assert render_title(user=SimpleLazyObject(explode)).startswith("Your profile")


# --- Money ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (0, "£0"),
        (500, "£5"),
        (123456, "£1,234.56"),
        (1234567, "£12,345.67"),
        (250, "£2.50"),
        (None, ""),
        ("", ""),
    ],
)
def test_pence_shows_pounds(value, shown):
    assert pence(value) == shown


def test_pence_in_a_template():
    assert (
        Template("{{ amount|pence }}").render(Context({"amount": 100000})) == "£1,000"
    )
