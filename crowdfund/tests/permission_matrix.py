"""Crowdfund London's routes in the permission matrix (see tests/matrix.py).

Who is who here:
- ``w.resident`` created a draft project for ``w.organisation``, and
  ``w.org_member`` is on its team as a co-creator; nobody else reaches the
  team's pages (404, so a draft's address gives nothing away). Crowdfund
  officers and superusers see the draft's public page as a preview.
- ``w.resident`` has pledged to a live campaign run by somebody else: a
  pledge is its backer's alone (404 for anyone else).
- Crowdfund officers (two-factor) review projects and pledge City Hall money
  in the Wagtail admin.
"""

from __future__ import annotations

from functools import partial

from tests.matrix import PUBLIC, Route, expect
from tests.matrix import admin_only as shared_admin_only

OFFICER = ("crowdfund_officer",)
READ_POST = expect("405")
VERIFIED = expect("ok", anonymous="login", unverified="redirect")
VERIFIED_READ_POST = expect("405", anonymous="login", unverified="redirect")
# The project's team: its creator and a co-creator; 404 for everyone else.
TEAM = expect(
    "404", anonymous="login", unverified="redirect", resident="ok", org_member="ok"
)
# The backer's own pledge.
BACKER = expect("404", anonymous="login", unverified="redirect", resident="ok")


def world(w) -> dict:
    """One of everything; see the module docstring for who owns what."""

    def make():
        from crowdfund.models import Pledge, TeamMember
        from crowdfund.tests.factories import (
            CityHallPledgeFactory,
            FundingRoundFactory,
            LiveProjectFactory,
            NeedFactory,
            PledgeFactory,
            ProjectFactory,
            TeamInvitationFactory,
            TeamMemberFactory,
            ThemeFactory,
            pledge_counted,
        )

        funding_round = FundingRoundFactory()
        draft = ProjectFactory(
            funding_round=funding_round,
            created_by=w.resident,
            organisation=w.organisation,
        )
        co_creator = TeamMemberFactory(
            project=draft, user=w.org_member, role=TeamMember.Role.CO_CREATOR
        )
        live = LiveProjectFactory(funding_round=funding_round)
        return {
            "round": funding_round,
            "theme": ThemeFactory(),
            "draft": draft,
            "co_creator": co_creator,
            "cost": draft.cost_lines.first(),
            "need": NeedFactory(project=draft),
            "invitation": TeamInvitationFactory(project=draft, invited_by=w.resident),
            "live": live,
            "live_need": NeedFactory(project=live),
            # Counted in the campaign's totals, as the pledge service does.
            "pledge": pledge_counted(project=live, backer=w.resident),
            "pending": PledgeFactory(
                project=live,
                backer=w.resident,
                status=Pledge.Status.PENDING,
                confirmed_at=None,
            ),
            "city_hall": CityHallPledgeFactory(project=live),
            "in_review": ProjectFactory(
                funding_round=funding_round, status="in_review"
            ),
        }

    return w.memo("crowdfund", make)


def _kw(**build):
    """kwargs from the world: ``_kw(slug=lambda o: o["draft"].slug)``."""
    return lambda w: {name: get(world(w)) for name, get in build.items()}


def _draft(**more):
    return _kw(slug=lambda o: o["draft"].slug, **more)


def _just_the_world(w) -> dict:
    """No arguments, but the page needs the world (a funding round open)."""
    world(w)
    return {}


def _pledge(key="pledge"):
    return _kw(public_id=lambda o: o[key].public_id)


_SIGNED_IN_VERIFIED = [role for role, outcome in VERIFIED.items() if outcome == "ok"]

ROUTES = {
    # Public pages and open data -------------------------------------------
    "crowdfund:index": Route(get=PUBLIC, post=READ_POST),
    "crowdfund:browse": Route(get=PUBLIC, post=READ_POST),
    "crowdfund:map": Route(get=PUBLIC, post=READ_POST),
    "crowdfund:open_data": Route(get=PUBLIC, post=READ_POST),
    "crowdfund:grants_json": Route(get=PUBLIC, post=READ_POST),
    "crowdfund:grants_csv": Route(get=PUBLIC, post=READ_POST),
    "crowdfund:campaigns_csv": Route(get=PUBLIC, post=READ_POST),
    "crowdfund:project_detail": Route(
        get=expect(
            "404",
            resident="ok",
            org_member="ok",
            crowdfund_officer="ok",
            superuser="ok",
        ),
        post=READ_POST,
        kwargs=_draft(),
        note="a draft: its team and Crowdfund officers see a preview, others 404",
    ),
    # Starting a project ----------------------------------------------------
    "crowdfund:project_start": Route(get=PUBLIC, post=READ_POST),
    "crowdfund:project_create": Route(get=VERIFIED, kwargs=_just_the_world),
    "crowdfund:my_projects": Route(get=VERIFIED, post=VERIFIED_READ_POST),
    # The team's pages ------------------------------------------------------
    "crowdfund:project_tasks": Route(
        get=TEAM, post=VERIFIED_READ_POST, kwargs=_draft()
    ),
    "crowdfund:project_describe": Route(
        get=TEAM, kwargs=_draft(step=lambda o: "summary")
    ),
    "crowdfund:project_images": Route(get=TEAM, kwargs=_draft()),
    "crowdfund:project_image_remove": Route(
        get=VERIFIED_READ_POST,
        post=expect("404", anonymous="login", unverified="redirect"),
        kwargs=_draft(pk=lambda o: 987654321),
        note="no image: the team's POST is 404 too, after the team check",
    ),
    "crowdfund:project_budget": Route(
        get=TEAM, post=VERIFIED_READ_POST, kwargs=_draft()
    ),
    "crowdfund:project_cost_add": Route(get=TEAM, kwargs=_draft()),
    "crowdfund:project_cost_change": Route(
        get=TEAM, kwargs=_draft(pk=lambda o: o["cost"].pk)
    ),
    "crowdfund:project_cost_remove": Route(
        get=TEAM,
        post=TEAM | {"resident": "redirect", "org_member": "redirect"},
        kwargs=_draft(pk=lambda o: o["cost"].pk),
    ),
    "crowdfund:project_team": Route(get=TEAM, kwargs=_draft()),
    "crowdfund:project_invite": Route(get=TEAM, kwargs=_draft()),
    "crowdfund:project_invitation_cancel": Route(
        get=VERIFIED_READ_POST,
        post=TEAM | {"resident": "redirect", "org_member": "redirect"},
        kwargs=_draft(pk=lambda o: o["invitation"].pk),
    ),
    "crowdfund:project_member_remove": Route(
        get=VERIFIED_READ_POST,
        post=TEAM | {"resident": "redirect", "org_member": "redirect"},
        kwargs=_draft(pk=lambda o: o["co_creator"].pk),
        note="the creator removes the co-creator; the co-creator leaves",
    ),
    "crowdfund:project_permissions": Route(get=TEAM, kwargs=_draft()),
    "crowdfund:project_needs": Route(
        get=TEAM, post=VERIFIED_READ_POST, kwargs=_draft()
    ),
    "crowdfund:project_need_add": Route(get=TEAM, kwargs=_draft()),
    "crowdfund:project_need_change": Route(
        get=TEAM, kwargs=_draft(pk=lambda o: o["need"].pk)
    ),
    "crowdfund:project_need_remove": Route(
        get=TEAM,
        post=TEAM | {"resident": "redirect", "org_member": "redirect"},
        kwargs=_draft(pk=lambda o: o["need"].pk),
    ),
    "crowdfund:project_check": Route(
        get=TEAM,
        post=TEAM | {"resident": "redirect", "org_member": "redirect"},
        kwargs=_draft(),
        note="submitting the plan: the team's POST goes on to what comes next",
    ),
    "crowdfund:project_updates": Route(get=TEAM, kwargs=_draft()),
    "crowdfund:project_offers": Route(
        get=TEAM,
        post=TEAM | {"resident": "redirect", "org_member": "redirect"},
        kwargs=_draft(),
        data=lambda w: {"action": "met", "need": world(w)["need"].pk},
    ),
    # Joining a team: whoever has the emailed link (a long random token)
    "crowdfund:invitation_accept": Route(
        get=VERIFIED,
        post=VERIFIED | dict.fromkeys(_SIGNED_IN_VERIFIED, "redirect"),
        kwargs=_kw(token=lambda o: o["invitation"].token),
        note="the token is the secret: whoever follows the emailed link joins",
    ),
    # Supporters ------------------------------------------------------------
    "crowdfund:need_offer": Route(
        get=VERIFIED,
        kwargs=_kw(slug=lambda o: o["live"].slug, need_pk=lambda o: o["live_need"].pk),
    ),
    "crowdfund:pledge_start": Route(
        get=VERIFIED, kwargs=_kw(slug=lambda o: o["live"].slug)
    ),
    "crowdfund:my_pledges": Route(get=VERIFIED, post=VERIFIED_READ_POST),
    "crowdfund:pledge_detail": Route(
        get=BACKER, post=VERIFIED_READ_POST, kwargs=_pledge()
    ),
    "crowdfund:pledge_pay": Route(
        get=VERIFIED_READ_POST,
        post=BACKER | {"resident": "redirect"},
        kwargs=_pledge("pending"),
    ),
    "crowdfund:pledge_return": Route(
        get=BACKER | {"resident": "redirect"},
        kwargs=_pledge(),
        note="a confirmed pledge: back to its page",
    ),
    "crowdfund:pledge_cancel": Route(
        get=BACKER,
        post=BACKER | {"resident": "redirect"},
        kwargs=_pledge(),
        note="a confirm button: the backer's POST cancels",
    ),
    "crowdfund:payments_offline": Route(
        get=BACKER,
        kwargs=_kw(reference=lambda o: o["pending"].payment_reference),
        note="the offline gateway's card page, for the pledge's backer only",
    ),
}


# The Wagtail admin: Crowdfund officers ------------------------------------
# People who cannot use the admin at all are refused with a 403; staff
# of other groups are turned away by Wagtail (a redirect to the dashboard
# with a message) or, for crowdfund's own admin views, with a 403 page.


# Wagtail's snippet views send staff without the model's permission to the
# dashboard ("redirect"), not a 403.
admin_only = partial(shared_admin_only, denied="redirect")


for _model, _key in {"theme": "theme", "fundinground": "round"}.items():
    _prefix = f"wagtailsnippets_crowdfund_{_model}"
    ROUTES[f"{_prefix}:list"] = Route(
        get=admin_only(*OFFICER), post=admin_only(*OFFICER, ok="405")
    )
    ROUTES[f"{_prefix}:add"] = Route(get=admin_only(*OFFICER))
    ROUTES[f"{_prefix}:edit"] = Route(
        get=admin_only(*OFFICER), kwargs=lambda w, key=_key: {"pk": world(w)[key].pk}
    )

OFFICER_VIEW = admin_only(*OFFICER, denied="403")
OFFICER_READ_POST = admin_only(*OFFICER, ok="405", denied="403")
ROUTES.update(
    {
        "crowdfund_review:queue": Route(get=OFFICER_VIEW, post=OFFICER_READ_POST),
        "crowdfund_review:project": Route(
            get=OFFICER_VIEW,
            post=admin_only(*OFFICER, ok="400", denied="403"),
            kwargs=_kw(pk=lambda o: o["in_review"].pk),
            data=lambda w: {"action": "request_changes"},
            note="a decision without its message is shown again with errors (400)",
        ),
        "crowdfund_city_hall:list": Route(get=OFFICER_VIEW, post=OFFICER_READ_POST),
        "crowdfund_city_hall:crowd_pledges": Route(
            get=OFFICER_VIEW, post=OFFICER_READ_POST
        ),
        "crowdfund_city_hall:create": Route(get=OFFICER_VIEW),
        "crowdfund_city_hall:withdraw": Route(
            get=OFFICER_VIEW, kwargs=_kw(pk=lambda o: o["city_hall"].pk)
        ),
    }
)
