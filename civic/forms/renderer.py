from functools import cached_property

from django.forms.renderers import DjangoTemplates, TemplatesSetting
from django.template import TemplateDoesNotExist


class GovukFormRenderer(TemplatesSetting):
    """``{{ form }}`` and ``{{ form.field.as_field_group }}`` render GOV.UK markup.

    The templates live in templates/govuk/forms/; they call the same tags a page
    template would, so there is one implementation of each component. Templates
    come from the project's engine (so the ``govuk`` builtins work there); Django's
    own widget templates (``django/forms/widgets/*.html``) come from Django, so
    ``django.forms`` need not be an installed app.
    """

    form_template_name = "govuk/forms/form.html"
    field_template_name = "govuk/forms/field.html"

    @cached_property
    def _django_widgets(self) -> DjangoTemplates:
        return DjangoTemplates()

    def get_template(self, template_name):
        try:
            return super().get_template(template_name)
        except TemplateDoesNotExist:
            return self._django_widgets.get_template(template_name)
