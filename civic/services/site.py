"""The CMS pages every copy of the portal needs, and who may edit them.

``ensure_core_pages()`` and ``ensure_editor_permissions()`` are idempotent: they
create what is missing and never overwrite what editors have since changed.
``python manage.py bootstrap_site`` runs both.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone
from wagtail.models import (
    Collection,
    GroupCollectionPermission,
    GroupPagePermission,
    Page,
    Site,
)
from wagtail.rich_text import RichText

from civic import groups
from civic.models import ContentPage, HomePage

# Shown on the contact page and in the accessibility statement. Confirm with the
# GLA's digital team before launch; editors can change it in the CMS.
CONTACT_EMAIL = "civic.portal@london.gov.uk"
GLA_ADDRESS = "Greater London Authority, City Hall, Kamal Chunchie Way, London E16 1ZE"
GLA_SWITCHBOARD = "020 7983 4000"

PAGE_PERMISSIONS_FOR_EDITORS = [
    "add_page",
    "change_page",
    "publish_page",
    "lock_page",
    "unlock_page",
]
COLLECTION_PERMISSIONS_FOR_EDITORS = [
    ("wagtailimages", "add_image"),
    ("wagtailimages", "change_image"),
    ("wagtailimages", "choose_image"),
    ("wagtaildocs", "add_document"),
    ("wagtaildocs", "change_document"),
    ("wagtaildocs", "choose_document"),
]


@dataclass
class BootstrapResult:
    created: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)

    @property
    def did_anything(self) -> bool:
        return bool(self.created or self.changed)


def _text(html: str) -> tuple[str, RichText]:
    return ("text", RichText(html))


def _home_body() -> list[tuple]:
    card = lambda title, text, part: {  # noqa: E731
        "title": title,
        "text": text,
        "link": {"part": part, "page": None, "path": ""},
    }
    return [
        (
            "hero",
            {
                "heading": "Take part in London’s future",
                "text": (
                    "Have your say on the Mayor’s plans, back community projects, help "
                    "London’s public services solve their hardest problems, get online "
                    "and find a way into tech."
                ),
                "button_text": "Create an account",
                "button_link": {"part": "", "page": None, "path": "/accounts/signup/"},
            },
        ),
        (
            "cards",
            {
                "heading": "Ways to take part",
                "cards": [
                    card(
                        "Talk London",
                        "Join discussions, surveys and polls that shape the Mayor’s "
                        "policies for London.",
                        "talk_london:index",
                    ),
                    card(
                        "Crowdfund London",
                        "Back a community project near you, or get help to fund your "
                        "own idea for your neighbourhood.",
                        "crowdfund:index",
                    ),
                    card(
                        "Civic Innovation Challenge",
                        "Work with London’s councils and public services on "
                        "challenges that new technology could help solve.",
                        "challenges:index",
                    ),
                    card(
                        "Get online",
                        "Find free help near you to get online: devices, data and "
                        "support to learn digital skills.",
                        "inclusion:index",
                    ),
                    card(
                        "Tech talent",
                        "Training, mentoring and employers working to make London’s "
                        "tech sector open to everyone.",
                        "diversity:index",
                    ),
                ],
            },
        ),
        ("latest_items", {"heading": "Latest", "parent": None, "count": 3}),
    ]


def _accessibility_body() -> list[tuple]:
    return [
        ("heading", "Using this website"),
        _text(
            "<p>This website is run by the Greater London Authority (GLA). We want as "
            "many people as possible to be able to use it. For example, that means you "
            "should be able to:</p>"
            "<ul><li>change colours, contrast levels and fonts using your browser or "
            "device settings</li>"
            "<li>zoom in up to 400% without the text spilling off the screen</li>"
            "<li>get around the whole website using just a keyboard</li>"
            "<li>get around most of the website using speech recognition software</li>"
            "<li>listen to the website using a screen reader, including recent "
            "versions of JAWS, NVDA and VoiceOver</li>"
            "<li>use every part of the website with JavaScript turned off</li></ul>"
            "<p>We have also made the text as simple as possible to understand.</p>"
            '<p><a href="https://mcmw.abilitynet.org.uk/">AbilityNet</a> has advice on '
            "making your device easier to use if you have a disability.</p>"
        ),
        ("heading", "How accessible this website is"),
        _text(
            "<p>The portal is built with the GOV.UK Design System, which is tested "
            "with people who use assistive technology. Every page is checked "
            "automatically against the Web Content Accessibility Guidelines (WCAG) "
            "2.2 level AA each time we change the website.</p>"
            "<p>Automated checks find only some problems. Content that people post, "
            "such as discussion comments and project descriptions, is not checked "
            "before it appears, so some of it may not be accessible.</p>"
        ),
        ("heading", "Feedback and contact information"),
        _text(
            "<p>If you need information on this website in a different format, such as "
            "accessible PDF, large print, easy read, audio recording or braille, "
            f'email <a href="mailto:{CONTACT_EMAIL}">{CONTACT_EMAIL}</a> or call '
            f"{GLA_SWITCHBOARD}.</p>"
            "<p>We will consider your request and get back to you within 5 working "
            "days.</p>"
        ),
        ("heading", "Reporting accessibility problems with this website"),
        _text(
            "<p>We are always looking to improve the accessibility of this website. If "
            "you find any problems not listed on this page or think we are not meeting "
            "accessibility requirements, "
            f'email <a href="mailto:{CONTACT_EMAIL}">{CONTACT_EMAIL}</a>.</p>'
        ),
        ("heading", "Enforcement procedure"),
        _text(
            "<p>The Equality and Human Rights Commission (EHRC) is responsible for "
            "enforcing the Public Sector Bodies (Websites and Mobile Applications) "
            "(No. 2) Accessibility Regulations 2018 (the ‘accessibility "
            "regulations’). If you are not happy with how we respond to your "
            "complaint, contact the "
            '<a href="https://www.equalityadvisoryservice.com/">Equality Advisory and '
            "Support Service (EASS)</a>.</p>"
        ),
        ("heading", "Technical information about this website’s accessibility"),
        _text(
            "<p>The GLA is committed to making its website accessible, in accordance "
            "with the Public Sector Bodies (Websites and Mobile Applications) (No. 2) "
            "Accessibility Regulations 2018.</p>"
            "<h3>Compliance status</h3>"
            "<p>This website is partially compliant with the Web Content Accessibility "
            "Guidelines version 2.2 AA standard: it has not yet been audited by an "
            "independent accessibility specialist, and content posted by the public "
            "may not meet the standard.</p>"
        ),
        ("heading", "Preparation of this accessibility statement"),
        _text(
            "<p>This statement was prepared when the portal went into beta. It will be "
            "reviewed after the independent audit and at least once a year.</p>"
        ),
    ]


def _privacy_body() -> list[tuple]:
    return [
        ("heading", "Who we are"),
        _text(
            f"<p>The London civic portal is run by the {GLA_ADDRESS}. The GLA is the "
            "data controller for the personal information the portal holds about "
            "you.</p>"
        ),
        ("heading", "What we collect"),
        _text(
            "<p>When you create an account we collect your email address, the display "
            "name you choose and your password (stored in a form that cannot be read "
            "back). You can also tell us your borough and postcode, and whether you "
            "want emails from us.</p>"
            "<p>We also keep what you do on the portal: what you post, the projects "
            "you back, the applications you make, the organisations you belong to and "
            "any content you report to our moderators.</p>"
            "<p>Our servers record technical information, such as your IP address and "
            "the pages you ask for, to keep the portal secure and working.</p>"
        ),
        ("heading", "Why we use it"),
        _text(
            "<p>We use your information to run your account and the parts of the "
            "portal you take part in, to keep the portal safe, and to understand how "
            "Londoners take part so that we can improve our services.</p>"
            "<p>Our lawful basis is that this is necessary for a task in the public "
            "interest: the GLA’s duty under the Greater London Authority Act 1999 to "
            "promote the economic and social development of London. If you ask us to "
            "email you news, we rely on your consent, which you can withdraw at any "
            "time in your account.</p>"
        ),
        ("heading", "Who can see it"),
        _text(
            "<p>Other people see only your display name next to what you post. We "
            "never show your email address.</p>"
            "<p>GLA staff who run each part of the portal, and our moderators, can see "
            "what they need to do their job. Companies that host the portal and send "
            "its emails process information on our behalf, under contract, and only "
            "as we instruct them. We do not sell your information.</p>"
        ),
        ("heading", "What each part of the portal holds"),
        ("embed", {"kind": "privacy", "reference": "what-we-hold"}),
        ("heading", "How long we keep it"),
        _text(
            "<p>We keep your account and what you have done on the portal until you "
            "delete your account. Some things are deleted automatically sooner:</p>"
        ),
        ("embed", {"kind": "privacy", "reference": "how-long-we-keep-it"}),
        _text(
            "<p>When you delete your account, we delete your personal information. "
            "What must stay for others or for the law, such as the amount of a "
            "pledge in the financial record or a post in a conversation, stays "
            "without your name: it shows as from ‘a former member’.</p>"
        ),
        ("heading", "Your rights"),
        _text(
            "<p>You can download a copy of everything the portal holds about you, "
            "and delete your account, yourself in "
            '<a href="/your-account/">your account</a>.</p>'
            "<p>You have the right to ask for a copy of your information, to have it "
            "corrected, to have it deleted or to object to how we use it. To do any "
            f'of these, email <a href="mailto:{CONTACT_EMAIL}">{CONTACT_EMAIL}</a> or '
            f"write to the Data Protection Officer, {GLA_ADDRESS}.</p>"
            "<p>If you are not happy with how we have used your information, you can "
            'complain to the <a href="https://ico.org.uk/make-a-complaint/">'
            "Information Commissioner’s Office</a>.</p>"
        ),
    ]


def _cookies_body() -> list[tuple]:
    session_days = settings.SESSION_COOKIE_AGE // (60 * 60 * 24)
    return [
        _text(
            "<p>Cookies are small files saved on your phone, tablet or computer when "
            "you visit a website.</p>"
            "<p>We only use cookies that the portal needs to work. They do not track "
            "you, and we do not use analytics or advertising cookies, so we do not ask "
            "for your consent.</p>"
        ),
        ("heading", "Essential cookies"),
        _text(
            "<ul>"
            f"<li><b>{settings.SESSION_COOKIE_NAME}</b>: remembers that you are signed "
            f"in and what you have entered in forms. It expires after {session_days} "
            "days, or when you sign out.</li>"
            f"<li><b>{settings.CSRF_COOKIE_NAME}</b>: stops other websites sending "
            "forms to the portal in your name. It expires after 1 year.</li>"
            "<li><b>messages</b>: carries a confirmation message, such as ‘Your "
            "changes have been saved’, to the next page you see. It is deleted as "
            "soon as the message is shown.</li>"
            "</ul>"
        ),
        _text(
            "<p>You can block cookies in your browser settings, but then you will not "
            "be able to sign in or send forms.</p>"
        ),
    ]


def _contact_body() -> list[tuple]:
    return [
        ("heading", "Email"),
        _text(
            f'<p><a href="mailto:{CONTACT_EMAIL}">{CONTACT_EMAIL}</a></p>'
            "<p>We aim to reply within 5 working days.</p>"
        ),
        ("heading", "Phone"),
        _text(
            f"<p>{GLA_SWITCHBOARD}<br/>Monday to Friday, 9am to 5pm, except bank "
            'holidays. <a href="https://www.gov.uk/call-charges">Find out about call '
            "charges</a>.</p>"
        ),
        ("heading", "Post"),
        _text(f"<p>{GLA_ADDRESS}</p>"),
        (
            "inset_text",
            RichText(
                "<p>To report something on the portal that breaks the house rules, "
                "use the ‘Report’ link next to it. Our moderators will look at it.</p>"
            ),
        ),
    ]


CORE_PAGES = [
    {
        "slug": "accessibility",
        "title": "Accessibility statement for the London civic portal",
        "intro": "How accessible this website is, and how to tell us about a problem.",
        "body": _accessibility_body,
    },
    {
        "slug": "privacy",
        "title": "Privacy notice",
        "intro": "What personal information the portal collects, why, and your rights.",
        "body": _privacy_body,
    },
    {
        "slug": "cookies",
        "title": "Cookies",
        "intro": "The portal uses only the cookies it needs to work.",
        "body": _cookies_body,
    },
    {
        "slug": "contact",
        "title": "Contact us",
        "intro": "Get help with the portal, your account or something you saw on it.",
        "body": _contact_body,
    },
]


def _publish(page: Page) -> None:
    page.save_revision().publish()


def _default_welcome_pages(root: Page) -> list[Page]:
    """Wagtail's "Welcome to your new Wagtail site!" page: a plain ``Page``."""
    plain_page = ContentType.objects.get_for_model(Page)
    return list(root.get_children().filter(content_type=plain_page))


@transaction.atomic
def ensure_core_pages() -> BootstrapResult:
    """Make our HomePage the default Site's root and create the core pages.

    Wagtail's default "Welcome" page is removed when it has no children.
    Pages that already exist are left as editors have them.
    """
    result = BootstrapResult()
    root = Page.get_first_root_node()
    home = HomePage.objects.first()
    welcome_pages = _default_welcome_pages(root)

    if home is None:
        # Free the "home" slug before adding our page beside the welcome page.
        for page in welcome_pages:
            if page.slug == "home":
                page.slug = "welcome"
                page.save(clean=False, update_fields=["slug", "url_path"])
        home = root.add_child(
            instance=HomePage(
                title="London civic portal",
                slug="home",
                body=_home_body(),
                seo_title="",
                search_description=(
                    "Take part in London: Talk London, Crowdfund London, the Civic "
                    "Innovation Challenge, getting online and tech talent."
                ),
            )
        )
        _publish(home)
        result.created.append("home page")

    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        Site.objects.create(
            hostname="localhost",
            port=80,
            root_page=home,
            is_default_site=True,
            site_name=settings.WAGTAIL_SITE_NAME,
        )
        result.created.append("default site")
    elif site.root_page_id != home.pk:
        site.root_page = home
        site.site_name = site.site_name or settings.WAGTAIL_SITE_NAME
        site.save()
        result.changed.append("default site now starts at the home page")

    for page in welcome_pages:
        page.refresh_from_db()
        if (
            not page.get_children().exists()
            and not Site.objects.filter(root_page=page).exists()
        ):
            page.delete()
            result.changed.append("removed Wagtail's welcome page")

    existing = set(home.get_children().values_list("slug", flat=True))
    today = timezone.localdate()
    for spec in CORE_PAGES:
        if spec["slug"] in existing:
            continue
        page = home.add_child(
            instance=ContentPage(
                title=spec["title"],
                slug=spec["slug"],
                intro=spec["intro"],
                body=spec["body"](),
                last_reviewed=today,
                show_in_latest=False,
            )
        )
        _publish(page)
        result.created.append(f"/{spec['slug']}/")
    return result


@transaction.atomic
def ensure_editor_permissions() -> BootstrapResult:
    """Content editors may add, edit and publish pages under the home page, and
    use images and documents; nobody else gets page rights by default."""
    result = BootstrapResult()
    editors = Group.objects.get(name=groups.CONTENT_EDITORS)
    home = HomePage.objects.first()
    if home is not None:
        page_perms = Permission.objects.filter(
            content_type__app_label="wagtailcore",
            codename__in=PAGE_PERMISSIONS_FOR_EDITORS,
        )
        for permission in page_perms:
            _, created = GroupPagePermission.objects.get_or_create(
                group=editors, page=home, permission=permission
            )
            if created:
                result.created.append(
                    f"{editors.name}: {permission.codename} on home page"
                )
    collection = Collection.get_first_root_node()
    if collection is not None:
        for app_label, codename in COLLECTION_PERMISSIONS_FOR_EDITORS:
            permission = Permission.objects.get(
                content_type__app_label=app_label, codename=codename
            )
            _, created = GroupCollectionPermission.objects.get_or_create(
                group=editors, collection=collection, permission=permission
            )
            if created:
                result.created.append(f"{editors.name}: {codename} in {collection}")
    return result
