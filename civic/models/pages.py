from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from civic.blocks import content_page_blocks, home_page_blocks


class HomePage(Page):
    """The site root: a hero, cards into the five parts, and the latest pages."""

    body = StreamField(
        home_page_blocks(),
        blank=True,
        block_counts={"hero": {"max_num": 1}},
        verbose_name=_("page body"),
    )

    content_panels = [*Page.content_panels, FieldPanel("body")]
    search_fields = [*Page.search_fields, index.SearchField("body")]

    parent_page_types = ["wagtailcore.Page"]
    max_count = 1
    template = "civic/pages/home_page.html"

    class Meta:
        verbose_name = _("home page")

    @property
    def has_hero(self) -> bool:
        return any(block.block_type == "hero" for block in self.body)


class ContentPage(Page):
    """A standard page of guidance or information: intro, body, last reviewed."""

    intro = models.TextField(
        _("introduction"),
        blank=True,
        max_length=600,
        help_text=_("One or two sentences that say what the page is for."),
    )
    body = StreamField(content_page_blocks(), blank=True, verbose_name=_("page body"))
    last_reviewed = models.DateField(
        _("last reviewed"),
        null=True,
        blank=True,
        help_text=_("When someone last checked that this page is still right."),
    )
    show_in_latest = models.BooleanField(
        _("show in latest items"),
        default=True,
        help_text=_(
            "Untick for pages people look up rather than news, such as cookies."
        ),
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        FieldPanel("body"),
        FieldPanel("last_reviewed"),
    ]
    promote_panels = [*Page.promote_panels, FieldPanel("show_in_latest")]
    search_fields = [
        *Page.search_fields,
        index.SearchField("intro"),
        index.SearchField("body"),
    ]

    parent_page_types = ["civic.HomePage", "civic.ContentPage"]
    subpage_types = ["civic.ContentPage"]
    template = "civic/pages/content_page.html"

    class Meta:
        verbose_name = _("content page")
