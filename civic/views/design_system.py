"""The living style page: every component of the London design system, and a
real form that shows GOV.UK's error handling. Public when
``settings.DESIGN_SYSTEM_PUBLIC`` (on with DEBUG), otherwise portal staff only."""

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _

from civic.forms.design_system import DesignSystemDemoForm
from civic.permissions import is_portal_staff


def _colours():
    # Contrast ratios worked out with the WCAG 2.2 relative-luminance formula;
    # docs/design-system.md shows the luminances.
    return [
        {
            "swatch": "brand",
            "name": _("London magenta (brand)"),
            "hex": "#9e0059",
            "use": _("Brand stripe, hero panels, progress bars"),
            "contrast": _("8.08:1 with white text"),
        },
        {
            "swatch": "header",
            "name": _("Header grey"),
            "hex": "#353d42",
            "use": _("Header background"),
            "contrast": _("11.07:1 with white text"),
        },
        {
            "swatch": "text",
            "name": _("Text"),
            "hex": "#0b0c0c",
            "use": _("Body text and headings"),
            "contrast": _("19.59:1 on white"),
        },
        {
            "swatch": "link",
            "name": _("Link"),
            "hex": "#1d70b8",
            "use": _("Links"),
            "contrast": _("5.17:1 on white"),
        },
        {
            "swatch": "focus",
            "name": _("Focus"),
            "hex": "#ffdd00",
            "use": _("Focus state, behind text colour"),
            "contrast": _("14.55:1 with text colour"),
        },
        {
            "swatch": "error",
            "name": _("Error"),
            "hex": "#d4351c",
            "use": _("Error messages and borders"),
            "contrast": _("4.86:1 on white"),
        },
        {
            "swatch": "success",
            "name": _("Success"),
            "hex": "#00703c",
            "use": _("Success banners and confirmation"),
            "contrast": _("6.21:1 on white"),
        },
    ]


def _can_see(user) -> bool:
    return settings.DESIGN_SYSTEM_PUBLIC or is_portal_staff(user)


def design_system(request):
    if not _can_see(request.user):
        raise Http404  # staff-only pages do not admit they exist

    if request.method == "POST":
        form = DesignSystemDemoForm(request.POST, request.FILES)
        if form.is_valid():
            messages.success(request, _("Your answers are correct. Nothing was saved."))
            return redirect("civic:design_system")
    else:
        form = DesignSystemDemoForm()

    here = reverse("civic:design_system")
    page_obj = Paginator(
        [_("Idea %(number)s") % {"number": n} for n in range(1, 61)], 5
    ).get_page(request.GET.get("page"))
    context = {
        "form": form,
        "page_obj": page_obj,
        "colours": _colours(),
        "summary_rows": [
            (_("Name"), "Rita Resident", f"{here}#id_full_name"),
            {
                "key": _("Address"),
                "value": ["City Hall", "Kamal Chunchie Way", "London E16 1ZE"],
                "href": f"{here}#id_full_name",
                "hidden": _("address"),
            },
            {
                "key": _("Contact details"),
                "value": "rita@example.com",
                "actions": [
                    {
                        "href": f"{here}#id_email",
                        "text": _("Change"),
                        "hidden": _("email"),
                    },
                    {
                        "href": f"{here}#id_email",
                        "text": _("Remove"),
                        "hidden": _("email"),
                    },
                ],
            },
            (_("Borough"), "Lewisham"),
        ],
        "tasks": [
            {
                "title": _("Your organisation"),
                "href": f"{here}#task-list",
                "status": "completed",
            },
            {
                "title": _("Project details"),
                "href": f"{here}#task-list",
                "hint": _("What you will do and who it is for"),
                "status": "incomplete",
            },
            {
                "title": _("Budget"),
                "href": f"{here}#task-list",
                "status": "in_progress",
            },
            {
                "title": _("Check and send"),
                "href": f"{here}#task-list",
                "status": "cannot_start",
            },
        ],
        "table_head": [_("Project"), _("Borough"), _("Backers"), _("Raised")],
        "table_rows": [
            [_("Peckham community garden"), "Southwark", "212", "£8,450"],
            [_("Tottenham repair café"), "Haringey", "97", "£3,120"],
            [
                format_html(
                    '<a class="govuk-link" href="{}#table">{}</a>',
                    here,
                    _("Croydon play street"),
                ),
                "Croydon",
                "54",
                "£1,975",
            ],
        ],
    }
    return render(request, "civic/design_system.html", context)
