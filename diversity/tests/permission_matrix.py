"""Tech talent's routes in the permission matrix (see tests/matrix.py).

Who is who here:
- the young person is ``w.resident``, who has applied to a cohort;
- ``w.organisation`` is a training provider (``w.org_member`` owns it) and a
  charter signatory; ``w.other_organisation`` is another provider, so
  ``w.other_org_member`` shows one provider cannot reach another's pages;
- programme managers (two-factor, in the staff area) run the dashboard and
  the charter's admin screens.

Anything a person may not see is 404, as if it did not exist.
"""

from __future__ import annotations

import datetime
from functools import partial

from django.utils import timezone

from tests.matrix import PUBLIC, Route, expect, staff_only
from tests.matrix import admin_only as shared_admin_only

MANAGER = ("programme_manager",)
READ_POST = expect("405")
VERIFIED = expect("ok", anonymous="login", unverified="redirect")
VERIFIED_READ_POST = expect("405", anonymous="login", unverified="redirect")
# A young person's own application: nobody else's.
OWN = expect("404", anonymous="login", unverified="redirect", resident="ok")
# The provider portal: members of the provider in the URL only.
PROVIDER = expect("404", anonymous="login", org_member="ok")
PROVIDER_READ_POST = PROVIDER | {"org_member": "405"}
# Signing the charter and its figures: owners of the organisation only.
SIGNATORY = expect("404", anonymous="login", unverified="redirect", org_member="ok")


def world(w) -> dict:
    """One of everything; see the module docstring for who owns what."""

    def make():
        from civic.models import Organisation, OrganisationMembership
        from civic.tests.factories import MembershipFactory, OrganisationFactory
        from diversity.models import Application
        from diversity.tests.factories import (
            ApplicationFactory,
            CohortFactory,
            CourseFactory,
            IndustryPartnerFactory,
            PledgeVersionFactory,
            ProgrammeTargetFactory,
            ReportingYearFactory,
            SignatoryFactory,
            SubmissionFactory,
        )

        provider, other = w.organisation, w.other_organisation
        for organisation in (provider, other):
            organisation.type = Organisation.Type.TRAINING_PROVIDER
            organisation.save(update_fields=["type"])
        course = CourseFactory(provider=provider)
        partner = IndustryPartnerFactory(course=course)
        cohort = CohortFactory(course=course)
        # Removable: nobody has applied for it
        spare = CohortFactory(
            course=course, starts_on=cohort.starts_on + datetime.timedelta(days=30)
        )
        application = ApplicationFactory(
            cohort=cohort, applicant=w.resident, status=Application.Status.ACCEPTED
        )
        # A course that ended long ago: completion and outcomes can be recorded
        started = timezone.localdate() - datetime.timedelta(days=300)
        finished = ApplicationFactory(
            cohort=CohortFactory(
                course=course,
                starts_on=started,
                applications_close_on=started - datetime.timedelta(days=14),
            ),
            status=Application.Status.ACCEPTED,
        )
        this_year = timezone.localdate().year
        year = ReportingYearFactory(
            year=this_year,
            opens_on=datetime.date(this_year, 1, 1),
            closes_on=datetime.date(this_year + 1, 12, 31),
        )
        signatory = SignatoryFactory(organisation=provider)
        SubmissionFactory(signatory=signatory, year=year)
        # An organisation the member may sign for (not signed yet)
        unsigned = OrganisationFactory(name="Matrix Digital Ltd")
        MembershipFactory(
            organisation=unsigned,
            user=w.org_member,
            role=OrganisationMembership.Role.OWNER,
        )
        version = PledgeVersionFactory()
        return {
            "provider": provider,
            "course": course,
            "partner": partner,
            "cohort": cohort,
            "spare": spare,
            "application": application,
            "finished": finished,
            "year": year,
            "signatory": signatory,
            "unsigned": unsigned,
            "pledge": version.pledge,
            "version": version,
            "target": ProgrammeTargetFactory(),
        }

    return w.memo("diversity", make)


def _kw(**build):
    """kwargs from the world: ``_kw(slug=lambda o: o["course"].slug)``."""
    return lambda w: {name: get(world(w)) for name, get in build.items()}


def _cohort(**more):
    return _kw(slug=lambda o: o["course"].slug, cohort=lambda o: o["cohort"].pk, **more)


def _org(**more):
    return _kw(org=lambda o: o["provider"].slug, **more)


def _course(**more):
    return _org(slug=lambda o: o["course"].slug, **more)


_YEAR = _kw(year=lambda o: o["year"].year)


ROUTES = {
    # The public course finder ---------------------------------------------
    "diversity:index": Route(get=PUBLIC, post=READ_POST),
    "diversity:course_list": Route(get=PUBLIC, post=READ_POST),
    "diversity:course_detail": Route(
        get=PUBLIC, post=READ_POST, kwargs=_kw(slug=lambda o: o["course"].slug)
    ),
    # Applying: the young person has applied for this start date already, so
    # they are sent to their application; others start the questions.
    "diversity:apply_start": Route(
        get=VERIFIED | {"resident": "redirect"},
        post=VERIFIED_READ_POST,
        kwargs=_cohort(),
    ),
    "diversity:apply_step": Route(
        get=VERIFIED | {"resident": "redirect"},
        kwargs=_cohort(step=lambda o: "name"),
    ),
    "diversity:apply_check": Route(
        get=expect("redirect", anonymous="login"), kwargs=_cohort()
    ),
    "diversity:apply_not_eligible": Route(
        get=expect("redirect", anonymous="login"),
        post=VERIFIED_READ_POST,
        kwargs=_cohort(),
    ),
    # A young person's own applications ------------------------------------
    "diversity:my_applications": Route(get=VERIFIED, post=VERIFIED_READ_POST),
    "diversity:my_application": Route(
        get=OWN,
        post=VERIFIED_READ_POST,
        kwargs=_kw(public_id=lambda o: o["application"].public_id),
    ),
    "diversity:application_confirmation": Route(
        get=OWN,
        post=VERIFIED_READ_POST,
        kwargs=_kw(public_id=lambda o: o["application"].public_id),
    ),
    "diversity:application_withdraw": Route(
        get=OWN,
        post=OWN | {"resident": "redirect"},
        kwargs=_kw(public_id=lambda o: o["application"].public_id),
        note="a confirm button: the young person's POST withdraws",
    ),
    # The provider portal --------------------------------------------------
    "diversity:provider_home": Route(
        get=expect("ok", anonymous="login"), post=READ_POST
    ),
    "diversity:provider_dashboard": Route(
        get=PROVIDER, post=PROVIDER_READ_POST, kwargs=_org()
    ),
    "diversity:course_create": Route(get=PROVIDER, kwargs=_org()),
    "diversity:course_create_location": Route(
        get=PROVIDER | {"org_member": "redirect"},
        kwargs=_org(),
        note="the first question not answered yet: back to it",
    ),
    "diversity:provider_course": Route(
        get=PROVIDER, post=PROVIDER_READ_POST, kwargs=_course()
    ),
    "diversity:course_details": Route(get=PROVIDER, kwargs=_course()),
    "diversity:course_location": Route(get=PROVIDER, kwargs=_course()),
    "diversity:course_partners": Route(get=PROVIDER, kwargs=_course()),
    "diversity:partner_remove": Route(
        get=PROVIDER_READ_POST,
        post=PROVIDER | {"org_member": "redirect"},
        kwargs=_course(pk=lambda o: o["partner"].pk),
        note="a button, not a page: POST only, after the member check",
    ),
    "diversity:course_jobs": Route(get=PROVIDER, kwargs=_course()),
    "diversity:course_cohorts": Route(get=PROVIDER, kwargs=_course()),
    "diversity:cohort_places": Route(
        get=PROVIDER, kwargs=_course(pk=lambda o: o["cohort"].pk)
    ),
    "diversity:cohort_remove": Route(
        get=PROVIDER_READ_POST,
        post=PROVIDER | {"org_member": "redirect"},
        kwargs=_course(pk=lambda o: o["spare"].pk),
        note="a button, not a page: POST only, after the member check",
    ),
    # Buttons on a page: a POST publishes (the course is complete) or withdraws.
    "diversity:course_publish": Route(
        get=PROVIDER, post=PROVIDER | {"org_member": "redirect"}, kwargs=_course()
    ),
    "diversity:course_withdraw": Route(
        get=PROVIDER, post=PROVIDER | {"org_member": "redirect"}, kwargs=_course()
    ),
    "diversity:cohort_applicants": Route(
        get=PROVIDER, post=PROVIDER_READ_POST, kwargs=_org(pk=lambda o: o["cohort"].pk)
    ),
    "diversity:provider_application": Route(
        get=PROVIDER, kwargs=_org(public_id=lambda o: o["application"].public_id)
    ),
    "diversity:application_release": Route(
        get=PROVIDER, kwargs=_org(public_id=lambda o: o["application"].public_id)
    ),
    "diversity:application_completion": Route(
        get=PROVIDER, kwargs=_org(public_id=lambda o: o["finished"].public_id)
    ),
    "diversity:application_outcome": Route(
        get=PROVIDER,
        kwargs=_org(public_id=lambda o: o["finished"].public_id, months=lambda o: 3),
    ),
    # The programme dashboard: programme managers, with two-factor ----------
    "diversity:programme_dashboard": Route(
        get=staff_only(*MANAGER), post=staff_only(*MANAGER, ok="405")
    ),
    "diversity:programme_csv": Route(
        get=staff_only(*MANAGER), post=staff_only(*MANAGER, ok="405")
    ),
    # The charter: public pages and open data ------------------------------
    "diversity:charter_home": Route(get=PUBLIC, post=READ_POST),
    "diversity:signatory_list": Route(get=PUBLIC, post=READ_POST),
    "diversity:benchmark": Route(get=PUBLIC, post=READ_POST, kwargs=_YEAR),
    "diversity:open_data_csv": Route(get=PUBLIC, post=READ_POST, kwargs=_YEAR),
    "diversity:open_data_json": Route(get=PUBLIC, post=READ_POST, kwargs=_YEAR),
    # Signing: owners of the organisation only ------------------------------
    "diversity:charter_sign": Route(
        get=VERIFIED,
        post=VERIFIED | {"org_member": "redirect", "other_org_member": "redirect"},
        note="owners of one organisation not signed yet go straight to its first"
        " question; people who own none are told why they cannot sign",
    ),
    "diversity:charter_sign_step": Route(
        get=SIGNATORY,
        kwargs=_kw(org=lambda o: o["unsigned"].slug, step=lambda o: "organisation"),
    ),
    "diversity:charter_sign_check": Route(
        get=SIGNATORY | {"org_member": "redirect"},
        kwargs=_kw(org=lambda o: o["unsigned"].slug),
        note="the questions are not answered yet: back to the first",
    ),
    "diversity:charter_sign_done": Route(
        get=SIGNATORY,
        post=VERIFIED_READ_POST,
        kwargs=_kw(org=lambda o: o["provider"].slug),
    ),
    # A signatory's own figures: its members only ---------------------------
    "diversity:signatory_dashboard": Route(
        get=SIGNATORY | {"unverified": "404"},
        post=expect("405", anonymous="login"),
        kwargs=_kw(org=lambda o: o["provider"].slug),
    ),
    "diversity:submission_edit": Route(
        get=SIGNATORY | {"unverified": "404"},
        kwargs=_kw(org=lambda o: o["provider"].slug, year=lambda o: o["year"].year),
    ),
}


# The Wagtail admin: the Tech talent menu is for programme managers -------
# People who cannot use the admin at all are refused with a 403; staff
# of other groups are turned away by Wagtail (a redirect to the dashboard
# with a message) or, for the charter's own actions, with a 403 page.


# Wagtail's snippet views send staff without the model's permission to the
# dashboard ("redirect"), not a 403.
admin_only = partial(shared_admin_only, denied="redirect")


_SNIPPETS = {
    "reportingyear": "year",
    "pledge": "pledge",
    "pledgeversion": "version",
    "signatory": "signatory",
    "programmetarget": "target",
}
for _model, _key in _SNIPPETS.items():
    _prefix = f"wagtailsnippets_diversity_{_model}"
    ROUTES[f"{_prefix}:list"] = Route(
        get=admin_only(*MANAGER), post=admin_only(*MANAGER, ok="405")
    )
    ROUTES[f"{_prefix}:add"] = Route(get=admin_only(*MANAGER))
    ROUTES[f"{_prefix}:edit"] = Route(
        get=admin_only(*MANAGER), kwargs=lambda w, key=_key: {"pk": world(w)[key].pk}
    )
# Organisations sign the charter themselves: nobody adds a signatory here.
REFUSED_TO_ALL = admin_only() | {"superuser": "redirect"}
ROUTES["wagtailsnippets_diversity_signatory:add"] = Route(get=REFUSED_TO_ALL)
# What signatories accepted never changes: a new wording is a new version.
ROUTES["wagtailsnippets_diversity_pledgeversion:edit"] = Route(
    get=REFUSED_TO_ALL, kwargs=lambda w: {"pk": world(w)["version"].pk}
)
# A pledge is its code and order; programme managers add wordings, and only
# a superuser changes the pledge itself.
ROUTES["wagtailsnippets_diversity_pledge:edit"] = Route(
    get=admin_only(), kwargs=lambda w: {"pk": world(w)["pledge"].pk}
)
ROUTES["diversity_charter_admin:close_year"] = Route(
    get=admin_only(*MANAGER, denied="403"),
    post=admin_only(*MANAGER, ok="redirect", denied="403"),
    kwargs=lambda w: {"pk": world(w)["year"].pk},
)
ROUTES["diversity_charter_admin:withdraw_signatory"] = Route(
    get=admin_only(*MANAGER, denied="403"),
    post=admin_only(*MANAGER, ok="redirect", denied="403"),
    kwargs=lambda w: {"pk": world(w)["signatory"].pk},
)
