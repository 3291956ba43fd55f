from django.forms.renderers import TemplatesSetting


class GovukFormRenderer(TemplatesSetting):
    """``{{ form }}`` and ``{{ form.field.as_field_group }}`` render GOV.UK markup.

    The templates live in templates/govuk/forms/; they call the same tags a page
    template would, so there is one implementation of each component.
    """

    form_template_name = "govuk/forms/form.html"
    field_template_name = "govuk/forms/field.html"
