"""StreamField blocks for the CMS pages, rendered with GOV.UK Frontend classes.

Rich text comes out of Wagtail as bare ``<p>``, ``<h2>``, ``<ul>`` and ``<a>``
tags; ``govuk_richtext`` gives them GOV.UK's typography classes so that the
pages need no extra CSS.
"""

from __future__ import annotations

import logging
import re

from django.core.exceptions import ValidationError
from django.urls import NoReverseMatch, reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError

logger = logging.getLogger(__name__)

# The five parts of the portal, by URL name (see civic.context_processors).
PORTAL_PARTS = [
    ("talk_london:index", _("Talk London")),
    ("crowdfund:index", _("Crowdfund London")),
    ("challenges:index", _("Civic Innovation Challenge")),
    ("inclusion:index", _("Get online")),
    ("diversity:index", _("Tech talent")),
]

RICH_TEXT_FEATURES = ["h2", "h3", "bold", "italic", "ol", "ul", "link", "document-link"]
INLINE_RICH_TEXT_FEATURES = ["bold", "italic", "link", "document-link"]

_GOVUK_CLASSES = {
    "p": "govuk-body",
    "h2": "govuk-heading-l",
    "h3": "govuk-heading-m",
    "h4": "govuk-heading-s",
    "ul": "govuk-list govuk-list--bullet",
    "ol": "govuk-list govuk-list--number",
    "a": "govuk-link",
}
_TAG_RE = re.compile(r"<(p|h2|h3|h4|ul|ol|a)(?=[\s>])(?![^>]*\bclass=)")


def govuk_richtext(html: str) -> str:
    """Add GOV.UK typography classes to the tags Wagtail's rich text produces.

    Tags that already carry a class are left alone.
    """
    return _TAG_RE.sub(
        lambda m: f'<{m.group(1)} class="{_GOVUK_CLASSES[m.group(1)]}"', html
    )


class GovukRichTextBlock(blocks.RichTextBlock):
    def render_basic(self, value, context=None):
        return self.govuk_html(value)

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        context["value_html"] = self.govuk_html(value)
        return context

    @staticmethod
    def govuk_html(value) -> str:
        return mark_safe(govuk_richtext(value.__html__()))  # noqa: S308 - Wagtail's own output


def _validate_path(value: str) -> None:
    if value and (not value.startswith("/") or value.startswith("//")):
        raise ValidationError(
            _("Enter a path on this site that starts with /, like /crowdfund/")
        )


class LinkValue(blocks.StructValue):
    @property
    def url(self) -> str:
        if self.get("part"):
            try:
                return reverse(self["part"])
            except NoReverseMatch:
                return ""
        if self.get("page"):
            return self["page"].url or ""
        return self.get("path") or ""


class LinkBlock(blocks.StructBlock):
    """Where a card or button goes: one of the five parts, a CMS page, or a path."""

    part = blocks.ChoiceBlock(
        choices=PORTAL_PARTS, required=False, label=_("Part of the portal")
    )
    page = blocks.PageChooserBlock(required=False, label=_("Page"))
    path = blocks.CharBlock(
        required=False,
        max_length=200,
        validators=[_validate_path],
        label=_("Path on this site"),
        help_text=_(
            "For example /crowdfund/. Use this only if neither of the above fits."
        ),
    )

    class Meta:
        value_class = LinkValue
        icon = "link"
        form_classname = "struct-block link-block"

    def __init__(self, *args, required: bool = True, **kwargs):
        self._link_required = required
        super().__init__(*args, **kwargs)

    @property
    def required(self) -> bool:
        return self._link_required

    def clean(self, value):
        value = super().clean(value)
        chosen = [name for name in ("part", "page", "path") if value.get(name)]
        if len(chosen) > 1:
            raise StructBlockValidationError(
                non_block_errors=[_("Choose only one of a part, a page or a path")]
            )
        if not chosen and self._link_required:
            raise StructBlockValidationError(
                non_block_errors=[_("Choose a part of the portal, a page or a path")]
            )
        return value


class HeroBlock(blocks.StructBlock):
    """The home page's opening: its heading is the page's one ``<h1>``."""

    heading = blocks.CharBlock(max_length=120, label=_("Heading"))
    text = blocks.TextBlock(max_length=400, label=_("Text"))
    button_text = blocks.CharBlock(
        required=False, max_length=60, label=_("Button text")
    )
    button_link = LinkBlock(required=False, label=_("Button link"))

    class Meta:
        icon = "title"
        label = _("Hero")
        template = "civic/pages/blocks/hero.html"

    def clean(self, value):
        value = super().clean(value)
        has_text = bool(value.get("button_text"))
        has_link = bool(value["button_link"].url) if value.get("button_link") else False
        if has_text != has_link:
            raise StructBlockValidationError(
                non_block_errors=[_("A button needs both its text and where it goes")]
            )
        return value


class CardBlock(blocks.StructBlock):
    title = blocks.CharBlock(max_length=80, label=_("Title"))
    text = blocks.TextBlock(max_length=300, label=_("Text"))
    link = LinkBlock(label=_("Link"))

    class Meta:
        icon = "doc-full"
        label = _("Card")


class CardsBlock(blocks.StructBlock):
    heading = blocks.CharBlock(required=False, max_length=80, label=_("Heading"))
    cards = blocks.ListBlock(CardBlock(), min_num=1, max_num=9, label=_("Cards"))

    class Meta:
        icon = "table"
        label = _("Cards")
        template = "civic/pages/blocks/cards.html"


class LatestItemsBlock(blocks.StructBlock):
    """The newest content pages published under a page (this one by default).

    Pages whose "Show in latest items" box is unticked (the accessibility
    statement, cookies and so on) never appear.
    """

    heading = blocks.CharBlock(max_length=80, default=_("Latest"), label=_("Heading"))
    parent = blocks.PageChooserBlock(
        required=False,
        label=_("Pages under"),
        help_text=_("Leave empty to list pages published under this page."),
    )
    count = blocks.IntegerBlock(
        min_value=1, max_value=12, default=3, label=_("How many")
    )

    class Meta:
        icon = "list-ul"
        label = _("Latest items")
        template = "civic/pages/blocks/latest_items.html"

    def get_context(self, value, parent_context=None):
        from civic.models import ContentPage

        context = super().get_context(value, parent_context=parent_context)
        parent = value.get("parent") or context.get("page")
        items = []
        if parent is not None and parent.pk:
            items = list(
                ContentPage.objects.live()
                .public()
                .child_of(parent)
                .filter(show_in_latest=True)
                .order_by("-first_published_at")[: value["count"]]
            )
        context["items"] = items
        return context


class HeadingBlock(blocks.CharBlock):
    class Meta:
        icon = "h2"
        label = _("Heading")
        template = "civic/pages/blocks/heading.html"


class InsetTextBlock(GovukRichTextBlock):
    class Meta:
        icon = "openquote"
        label = _("Inset text")
        template = "civic/pages/blocks/inset_text.html"


class DetailsBlock(blocks.StructBlock):
    summary = blocks.CharBlock(max_length=120, label=_("Summary"))
    text = GovukRichTextBlock(features=RICH_TEXT_FEATURES, label=_("Text"))

    class Meta:
        icon = "collapse-down"
        label = _("Details")
        template = "civic/pages/blocks/details.html"


class WarningTextBlock(blocks.TextBlock):
    class Meta:
        icon = "warning"
        label = _("Warning text")
        template = "civic/pages/blocks/warning_text.html"


class EmbedBlock(blocks.StructBlock):
    """Something a feature app lets editors embed (a Talk London poll, say).

    civic knows nothing of the feature apps: they register each ``kind`` with
    ``civic.registry.registry.register_embed``, which also renders it.
    """

    kind = blocks.CharBlock(
        max_length=40,
        label=_("Kind"),
        help_text=_("What to embed, for example: poll"),
    )
    reference = blocks.CharBlock(
        max_length=200,
        label=_("Reference"),
        help_text=_("Which one, for example the poll's web address: bus-routes"),
    )

    class Meta:
        icon = "code"
        label = _("Embed")

    def clean(self, value):
        from civic.registry import registry

        value = super().clean(value)
        kind = registry.embed_for(value["kind"])
        if kind is None:
            known = ", ".join(sorted(registry.embeds)) or "-"
            raise StructBlockValidationError(
                block_errors={
                    "kind": ValidationError(
                        _("Enter a kind of thing that can be embedded: %(kinds)s")
                        % {"kinds": known}
                    )
                }
            )
        references = {str(ref) for ref, _label in kind.choices()}
        if value["reference"] not in references:
            raise StructBlockValidationError(
                block_errors={
                    "reference": ValidationError(
                        _("There is no %(label)s with the reference “%(ref)s”")
                        % {"label": kind.label, "ref": value["reference"]}
                    )
                }
            )
        return value

    def render_basic(self, value, context=None):
        from civic.registry import registry

        kind = registry.embed_for(value["kind"])
        if kind is None:
            logger.warning(
                "Nothing is registered to embed %r (reference %r)",
                value["kind"],
                value["reference"],
            )
            return ""
        request = (context or {}).get("request")
        # The registered app's own templates produce the HTML (escaped there).
        return mark_safe(kind.render(value["reference"], request))  # noqa: S308


def home_page_blocks() -> list[tuple[str, blocks.Block]]:
    return [
        ("hero", HeroBlock()),
        ("cards", CardsBlock()),
        ("latest_items", LatestItemsBlock()),
        ("text", GovukRichTextBlock(features=RICH_TEXT_FEATURES, label=_("Text"))),
        ("embed", EmbedBlock()),
    ]


def content_page_blocks() -> list[tuple[str, blocks.Block]]:
    return [
        ("heading", HeadingBlock(max_length=120)),
        ("text", GovukRichTextBlock(features=RICH_TEXT_FEATURES, label=_("Text"))),
        ("inset_text", InsetTextBlock(features=INLINE_RICH_TEXT_FEATURES)),
        ("details", DetailsBlock()),
        ("warning_text", WarningTextBlock(max_length=400)),
        ("embed", EmbedBlock()),
    ]
