"""Stored XSS: payloads in every free-text column, every page that shows them.

Each test builds what an app shows (with factories and a few real form
submissions), writes an XSS payload into every free-text column
(``tests.hostile.poison``), then renders the pages that show those values, to
the public, the owner and staff, plus every Wagtail admin listing, and the
CSV exports. A page passes when no element or attribute came from a payload
and it visibly shows at least one payload as text (so the check is not
vacuous); a CSV passes when no cell starts with = + - @.
"""

from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.test import Client
from django.urls import NoReverseMatch, URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from civic.models import Organisation, OrganisationMembership, User
from civic.tests.factories import (
    MembershipFactory,
    OrganisationFactory,
    ReportFactory,
    UserFactory,
)
from tests.fixtures import force_login_with_mfa
from tests.hostile import (
    FORMULAS,
    XSS,
    assert_no_injection,
    formula_cells,
    injected,
    poison,
    shows_payload,
)

pytestmark = pytest.mark.django_db

CHECKED: dict[str, int] = {}


def _as(user) -> Client:
    client = Client()
    if user is None:
        return client
    if user.is_superuser or user.groups.exists():
        force_login_with_mfa(client, user)
    else:
        client.force_login(user)
    return client


def check_pages(pages: list[tuple[object, str]], *, must_show: bool = True) -> None:
    """``pages``: (user or None, url). Every page renders, shows a payload as
    text and has no markup a payload made."""
    problems = []
    for user, url in pages:
        response = _as(user).get(url)
        who = getattr(user, "email", "anonymous")
        if response.status_code != 200:
            problems.append(f"{url} as {who}: {response.status_code}")
            continue
        html = response.content.decode()
        found = injected(html)
        if found:
            problems.append(f"{url} as {who}: payload made markup {found[:3]}")
        if must_show and not shows_payload(html):
            problems.append(f"{url} as {who}: shows no payload (check is vacuous)")
        CHECKED["pages"] = CHECKED.get("pages", 0) + 1
    assert not problems, "\n".join(problems)


def check_csv(user, url: str, *, must_show: bool = True) -> bool:
    """Run after ``poison(..., payloads=FORMULAS)``: every text cell starts
    with = + - or @ unless the export neutralises it."""
    response = _as(user).get(url)
    assert response.status_code == 200, (url, response.status_code)
    body = (
        b"".join(response.streaming_content) if response.streaming else response.content
    ).decode()
    shown = "cmd|" in body or "HYPERLINK" in body
    if must_show:
        assert shown, f"{url} shows no payload"
    cells = formula_cells(body)
    assert not cells, f"{url}: cells a spreadsheet would run: {cells[:5]}"
    CHECKED["csv"] = CHECKED.get("csv", 0) + 1
    return shown


def check_emails() -> None:
    """Emails are plain text; any HTML part must be as safe as a page."""
    for message in mail.outbox:
        for content, kind in getattr(message, "alternatives", []):
            if kind == "text/html":
                assert_no_injection(content, f"email {message.subject!r}")
        assert "\n" not in message.subject and "\r" not in message.subject


def _staff(group: str, email: str):
    from tests.fixtures import add_totp

    return add_totp(UserFactory(email=email, groups=[group]))


def _superuser():
    from tests.fixtures import add_totp

    return add_totp(
        UserFactory(email="root@xss.example.com", is_staff=True, is_superuser=True)
    )


def admin_listing_urls() -> list[str]:
    """Every Wagtail admin listing (snippets, viewsets, reports) that takes no
    argument: where staff see the rows that the public wrote."""
    urls = []

    def walk(patterns, prefix, namespace):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                ns = namespace
                if pattern.namespace:
                    ns = f"{namespace}{pattern.namespace}:"
                walk(pattern.url_patterns, prefix + str(pattern.pattern), ns)
            elif isinstance(pattern, URLPattern) and pattern.name:
                full = prefix + str(pattern.pattern)
                if not full.startswith("admin/"):
                    continue
                if pattern.name not in ("index", "list", "results"):
                    continue
                if pattern.pattern.converters or "(?P" in full:
                    continue
                try:
                    urls.append(reverse(f"{namespace}{pattern.name}"))
                except NoReverseMatch:
                    pass

    walk(get_resolver().url_patterns, "", "")
    return sorted(set(urls))


# --- civic ------------------------------------------------------------------------


def _org_with_owner(name="XSS Trust", kind=Organisation.Type.CHARITY):
    owner = UserFactory(email=f"owner-{kind}@xss.example.com")
    organisation = OrganisationFactory(name=name, type=kind)
    MembershipFactory(
        organisation=organisation, user=owner, role=OrganisationMembership.Role.OWNER
    )
    return owner, organisation


def test_civic_pages_escape_what_people_typed():
    resident = UserFactory(email="resident@xss.example.com")
    owner, organisation = _org_with_owner()
    # A real submission too: the organisation form with a payload in each box.
    client = _as(owner)
    response = client.post(
        reverse("civic:organisation_edit", args=[organisation.slug]),
        {
            "name": XSS[1],
            "type": "charity",
            "description": XSS[2] + "\n" + XSS[9],
            "website": "javascript:alert(1)",
        },
    )
    assert response.status_code == 200  # the javascript: website is refused
    assert "Enter a website address" in response.content.decode()
    assert_no_injection(response.content.decode(), "organisation form")
    ReportFactory(content_object=organisation, reporter=resident, note=XSS[0])
    poison(("civic",))
    organisation.refresh_from_db()
    moderator = _staff("Moderators", "mod@xss.example.com")
    check_pages(
        [
            (None, reverse("civic:organisation_detail", args=[organisation.slug])),
            (owner, reverse("civic:organisation_detail", args=[organisation.slug])),
            (owner, reverse("civic:organisation_edit", args=[organisation.slug])),
            (owner, reverse("civic:organisation_list")),
            (resident, reverse("civic:account")),
            (resident, reverse("civic:profile_edit")),
        ]
    )
    check_pages(
        [
            (
                moderator,
                reverse("civic:report", args=["civic.organisation", organisation.pk]),
            )
        ],
        must_show=False,
    )


def test_wagtail_admin_listings_escape_what_people_typed():
    """Every admin listing, as a superuser, over rows from every app."""
    from challenges.tests.factories import ApplicationFactory, TopicFactory
    from crowdfund.tests.factories import (
        LiveProjectFactory,
        NeedOfferFactory,
        PledgeFactory,
    )
    from diversity.tests.factories import ApplicationFactory as TalentApplication
    from diversity.tests.factories import SubmissionFactory
    from inclusion.tests.factories import BorrowRequestFactory, LoanFactory
    from talk_london.tests.factories import PostFactory

    project = LiveProjectFactory()
    PledgeFactory(project=project, message="hello")
    NeedOfferFactory(need__project=project)
    ApplicationFactory()
    TopicFactory()
    TalentApplication()
    SubmissionFactory()
    BorrowRequestFactory()
    LoanFactory()
    PostFactory()
    ReportFactory(content_object=OrganisationFactory())
    poison(
        ("civic", "talk_london", "crowdfund", "challenges", "inclusion", "diversity")
    )
    root = _superuser()
    urls = admin_listing_urls()
    assert len(urls) > 10, urls
    client = _as(root)
    problems = []
    showing = 0
    for url in urls:
        response = client.get(url)
        if response.status_code != 200:
            continue  # redirects (e.g. to a settings page) hold nothing typed
        html = response.content.decode()
        found = injected(html)
        if found:
            problems.append(f"{url}: {found[:3]}")
        showing += shows_payload(html)
        CHECKED["admin"] = CHECKED.get("admin", 0) + 1
    assert not problems, "\n".join(problems)
    assert showing >= 5, f"only {showing} admin listings show a payload"


# --- Talk London ----------------------------------------------------------------


def test_talk_london_pages_escape_what_members_wrote():
    from talk_london.tests.factories import (
        AboutYouFactory,
        MembershipFactory,
        PostFactory,
        SurveyFactory,
        ThreadFactory,
        TopicFactory,
        add_question,
    )

    member = UserFactory(email="member@xss.example.com")
    MembershipFactory(user=member)
    AboutYouFactory(user=member, member=False)
    topic = TopicFactory(slug="xss-topic", members_can_start_threads=True)
    # Real submissions, through the forms: a thread and a reply.
    client = _as(member)
    response = client.post(
        reverse("talk_london:thread_create", args=[topic.slug]),
        {"title": XSS[0], "body": "\n\n".join(XSS)},
    )
    assert response.status_code == 302, response
    thread = topic.threads.get()
    response = client.post(
        reverse("talk_london:thread_reply", args=[topic.slug, thread.pk]),
        {"body": "[click](javascript:alert(1)) https://example.com/?q=<script>"},
    )
    assert response.status_code == 302, response
    other_thread = ThreadFactory(topic=topic, author=member)
    post = PostFactory(thread=other_thread, author=member)
    survey = SurveyFactory(slug="xss-survey")
    question = add_question(survey, "long_text", "Tell us more")
    client.get(reverse("talk_london:survey_begin", args=[survey.slug]))
    response = client.post(
        reverse("talk_london:survey_question", args=[survey.slug, question.pk]),
        {"answer": XSS[3]},
    )
    assert response.status_code == 302, response
    poison(("talk_london",), also=(User,))
    check_pages(
        [
            (None, reverse("talk_london:topic_list")),
            (None, reverse("talk_london:topic_detail", args=[topic.slug])),
            (
                None,
                reverse(
                    "talk_london:thread_detail", args=[topic.slug, other_thread.pk]
                ),
            ),
            (
                member,
                reverse("talk_london:thread_detail", args=[topic.slug, thread.pk]),
            ),
            (member, reverse("talk_london:post_edit", args=[post.pk])),
            (member, reverse("talk_london:survey_check", args=[survey.slug])),
            (None, reverse("talk_london:survey_start", args=[survey.slug])),
        ]
    )
    # Answers are choices: nothing typed to show, but nothing may break out.
    check_pages([(member, reverse("talk_london:about_you_check"))], must_show=False)
    check_emails()


# --- Crowdfund London -------------------------------------------------------------


def test_crowdfund_pages_and_exports_escape_what_people_typed():
    from crowdfund.tests.factories import (
        LiveProjectFactory,
        NeedFactory,
        NeedOfferFactory,
        PledgeFactory,
        ProjectUpdateFactory,
    )

    creator = UserFactory(email="creator@xss.example.com")
    project = LiveProjectFactory(created_by=creator, slug="xss-garden")
    need = NeedFactory(project=project)
    backer = UserFactory(email="backer@xss.example.com")
    PledgeFactory(project=project, backer=backer, message="hi")
    NeedOfferFactory(need=need, user=backer)
    ProjectUpdateFactory(project=project)
    # A real offer of help, through the form; it emails the team.
    response = _as(UserFactory()).post(
        reverse("crowdfund:need_offer", args=[project.slug, need.pk]),
        {"message": XSS[2]},
    )
    assert response.status_code == 302, response
    poison(("crowdfund",), also=(User, Organisation))
    project.refresh_from_db()
    pledge = project.pledges.first()
    slug = project.slug
    check_pages(
        [
            (None, reverse("crowdfund:index")),
            (None, reverse("crowdfund:browse")),
            (None, reverse("crowdfund:project_detail", args=[slug])),
            (creator, reverse("crowdfund:my_projects")),
            (creator, reverse("crowdfund:project_tasks", args=[slug])),
            (creator, reverse("crowdfund:project_budget", args=[slug])),
            (creator, reverse("crowdfund:project_needs", args=[slug])),
            (creator, reverse("crowdfund:project_updates", args=[slug])),
            (creator, reverse("crowdfund:project_offers", args=[slug])),
            (backer, reverse("crowdfund:my_pledges")),
            (
                pledge.backer,
                reverse("crowdfund:pledge_detail", args=[pledge.public_id]),
            ),
        ]
    )
    check_pages([(None, reverse("crowdfund:map"))], must_show=False)
    poison(("crowdfund",), also=(User, Organisation), payloads=FORMULAS)
    check_csv(None, reverse("crowdfund:campaigns_csv"))
    # Grants are only the funded projects: none here, but the rest is checked.
    check_csv(None, reverse("crowdfund:grants_csv"), must_show=False)
    check_emails()


# --- Civic challenges -------------------------------------------------------------


def test_challenges_pages_and_exports_escape_what_people_typed():
    from challenges.tests.factories import (
        AssignmentFactory,
        ChallengeFactory,
        SubmittedApplicationFactory,
        TopicFactory,
    )

    founder = UserFactory(email="founder@xss.example.com")
    challenge = ChallengeFactory(slug="xss-challenge")
    application = SubmittedApplicationFactory(
        challenge=challenge, created_by=founder, status="shortlisted"
    )
    MembershipFactory(
        organisation=application.organisation,
        user=founder,
        role=OrganisationMembership.Role.OWNER,
    )
    owner_member = UserFactory(email="owner-member@xss.example.com")
    MembershipFactory(organisation=challenge.owner, user=owner_member)
    assessor = _staff("Assessors", "assessor@xss.example.com")
    AssignmentFactory(application=application, assessor=assessor)
    topic = TopicFactory(proposed_by=founder)
    poison(("challenges",), also=(User, Organisation))
    check_pages(
        [
            (None, reverse("challenges:topics")),
            (None, reverse("challenges:topic_detail", args=[topic.pk])),
            (None, reverse("challenges:challenge_list")),
            (None, reverse("challenges:challenge_detail", args=[challenge.slug])),
            (founder, reverse("challenges:my_applications")),
            (
                founder,
                reverse("challenges:application", args=[application.public_id]),
            ),
            (owner_member, reverse("challenges:owner_home")),
            (
                owner_member,
                reverse("challenges:owner_application", args=[application.public_id]),
            ),
            (assessor, reverse("challenges:assessor_home")),
        ]
    )
    from challenges.open_data import DATASETS

    poison(("challenges",), also=(User, Organisation), payloads=FORMULAS)

    shown = [
        check_csv(
            None, reverse("challenges:open_data_csv", args=[dataset]), must_show=False
        )
        for dataset in DATASETS
    ]
    assert any(shown), "no challenges dataset shows a payload"


# --- Getting online ---------------------------------------------------------------


def test_inclusion_pages_and_exports_escape_what_people_typed():
    from inclusion.tests.factories import (
        BorrowRequestFactory,
        LoanFactory,
        ParticipantFactory,
        SchemeFactory,
        SiteFactory,
        TrainingSessionFactory,
    )

    resident = UserFactory(email="learner@xss.example.com")
    site = SiteFactory(slug="xss-library", lends_devices=True, runs_training=True)
    participant = ParticipantFactory(user=resident, email=resident.email)
    scheme = SchemeFactory(sites=[site])
    BorrowRequestFactory(participant=participant, scheme=scheme, site=site)
    loan = LoanFactory()
    session = TrainingSessionFactory(site=site)
    officer = _staff("Inclusion officers", "officer@xss.example.com")
    poison(("inclusion",), also=(User, Organisation))
    participant.refresh_from_db()
    check_pages(
        [
            (None, reverse("inclusion:site_list")),
            (None, reverse("inclusion:site_detail", args=[site.slug])),
            (None, reverse("inclusion:course_list")),
            (None, reverse("inclusion:session_detail", args=[session.pk])),
            (resident, reverse("inclusion:my_programme")),
            (resident, reverse("inclusion:your_details")),
            (
                officer,
                reverse("inclusion:participant_search") + f"?q={participant.email}",
            ),
            (
                officer,
                reverse("inclusion:participant_detail", args=[participant.public_id]),
            ),
            (officer, reverse("inclusion:site_dashboard", args=[site.slug])),
            (officer, reverse("inclusion:waiting_list", args=[site.slug])),
            (officer, reverse("inclusion:loan_detail", args=[loan.public_id])),
        ]
    )
    poison(("inclusion",), also=(User, Organisation), payloads=FORMULAS)
    check_csv(officer, reverse("inclusion:evaluation_csv"))


# --- Tech talent ------------------------------------------------------------------


def test_diversity_pages_and_exports_escape_what_people_typed():
    from diversity.tests.factories import (
        ApplicationFactory,
        ReportingYearFactory,
        SignatoryFactory,
        SubmissionFactory,
    )

    applicant = UserFactory(email="learner@xss.example.com")
    application = ApplicationFactory(applicant=applicant)
    cohort = application.cohort
    course = cohort.course
    provider_member = UserFactory(email="provider@xss.example.com")
    MembershipFactory(
        organisation=course.provider,
        user=provider_member,
        role=OrganisationMembership.Role.OWNER,
    )
    year = ReportingYearFactory(
        year=2026,
        opens_on=timezone.localdate() - datetime.timedelta(days=30),
        closes_on=timezone.localdate() + datetime.timedelta(days=30),
    )
    signatory_owner = UserFactory(email="signer@xss.example.com")
    signatory = SignatoryFactory()
    MembershipFactory(
        organisation=signatory.organisation,
        user=signatory_owner,
        role=OrganisationMembership.Role.OWNER,
    )
    SubmissionFactory(signatory=signatory, year=year)
    manager = _staff("Programme managers", "programme@xss.example.com")
    poison(("diversity",), also=(User, Organisation))
    org = course.provider.slug
    check_pages(
        [
            (None, reverse("diversity:course_list")),
            (None, reverse("diversity:course_detail", args=[course.slug])),
            (applicant, reverse("diversity:my_applications")),
            (
                applicant,
                reverse("diversity:my_application", args=[application.public_id]),
            ),
            (provider_member, reverse("diversity:provider_dashboard", args=[org])),
            (
                provider_member,
                reverse("diversity:provider_course", args=[org, course.slug]),
            ),
            (
                provider_member,
                reverse("diversity:cohort_applicants", args=[org, cohort.pk]),
            ),
            (
                provider_member,
                reverse(
                    "diversity:provider_application",
                    args=[org, application.public_id],
                ),
            ),
            (None, reverse("diversity:signatory_list")),
            (
                signatory_owner,
                reverse(
                    "diversity:signatory_dashboard",
                    args=[signatory.organisation.slug],
                ),
            ),
            (manager, reverse("diversity:programme_dashboard")),
        ]
    )
    poison(("diversity",), also=(User, Organisation), payloads=FORMULAS)
    check_csv(manager, reverse("diversity:programme_csv"))
    # Totals by sector and size: no organisation's own words, checked anyway.
    check_csv(
        None, reverse("diversity:open_data_csv", args=[year.year]), must_show=False
    )
