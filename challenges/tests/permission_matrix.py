"""The Civic Innovation Challenge's routes in the permission matrix (see
tests/matrix.py).

Who is who here:
- the applicant startup is ``w.organisation`` (made a startup), so
  ``org_member`` is the applicant;
- the challenge it applies to is owned by ``w.other_organisation``, so
  ``other_org_member`` is the challenge owner, who sees an application only
  once it is shortlisted (on the owner's own pages, where ``w.organisation``
  owns the challenge and a third startup applies);
- ``assessor`` is on the panel of the application being assessed (assigned);
  every other role is not;
- ``challenge_manager`` holds ``challenges.manage_applications``;
  ``moderator`` sees hidden future-challenge topics.
Applications are addressed by a random ``public_id``; everyone who may not
see one gets a 404, as if it did not exist.

Read-only pages answer a POST with 405: nothing can change through them.
"""

from __future__ import annotations

import weakref

from django.utils import timezone

from tests.matrix import (
    PUBLIC,
    SIGNED_IN,
    Route,
    World,
    admin_only,
    expect,
    snippet_rows,
)

READ_ONLY = expect("405")
MANAGERS = ("challenge_manager",)  # and superusers, as everywhere

# Signed in with a confirmed email: the rest are sent to sign in or confirm.
VERIFIED = expect("ok", anonymous="login", unverified="redirect")


def only(
    *roles: str, ok: str = "ok", unverified: str = "404", **others: str
) -> dict[str, str]:
    """Only ``roles`` reach it; everyone else signed in gets a 404 (unless
    named in ``others``)."""
    return expect(
        "404",
        anonymous="login",
        unverified=unverified,
        **{**dict.fromkeys(roles, ok), **others},
    )


# --- shared objects -----------------------------------------------------------


def startup(w: World):
    """``w.organisation`` as an applicant startup."""

    def make():
        from civic.models import Organisation

        org = w.organisation
        org.type = Organisation.Type.STARTUP
        org.save(update_fields=["type"])
        w.org_member  # noqa: B018 - its owner, made now
        return org

    return w.memo("startup", make)


def challenge(w: World, **fields):
    """A published challenge, open for applications, owned by
    ``w.other_organisation``."""

    def make():
        from challenges.tests.factories import ChallengeFactory
        from civic.models import Organisation

        owner = w.other_organisation
        owner.type = Organisation.Type.PUBLIC_BODY
        owner.save(update_fields=["type"])
        w.other_org_member  # noqa: B018
        return ChallengeFactory(owner=owner, slug="matrix-challenge", **fields)

    return w.memo("challenge", make)


def application(w: World, *, submitted: bool = False, **fields):
    """``w.organisation``'s application (a draft unless ``submitted``)."""

    def make():
        from challenges.tests.factories import (
            ApplicationFactory,
            SubmittedApplicationFactory,
        )

        factory = SubmittedApplicationFactory if submitted else ApplicationFactory
        return factory(
            challenge=challenge(w),
            organisation=startup(w),
            created_by=w.org_member,
            **fields,
        )

    return w.memo("application", make)


def public_id(w: World, **options) -> dict:
    return {"public_id": application(w, **options).public_id}


def attachment(w: World):
    """A PDF on the draft application, stored for real (and deleted again when
    the test's World goes)."""

    def make():
        from django.core.files.base import ContentFile

        from challenges.models import Attachment
        from challenges.tests.conftest import MINIMAL_PDF
        from civic.storage import private_storage

        found = Attachment(
            application=application(w),
            kind=Attachment.Kind.EVIDENCE,
            original_name="evidence.pdf",
            size_bytes=len(MINIMAL_PDF),
            uploaded_by=w.org_member,
        )
        found.file.save("upload.pdf", ContentFile(MINIMAL_PDF), save=False)
        found.save()
        weakref.finalize(w, private_storage.delete, found.file.name)
        return found

    return w.memo("attachment", make)


def assignment(w: World, *, declared: bool):
    """``w.assessor`` on the panel of the submitted application; ``declared``
    means they have said they have no conflict of interest."""

    def make():
        from challenges.tests.factories import AssignmentFactory

        return AssignmentFactory(
            application=application(w, submitted=True),
            assessor=w.assessor,
            assigned_by=w.challenge_manager,
            has_conflict=False if declared else None,
            declared_at=timezone.now() if declared else None,
        )

    return w.memo("assignment", make)


def owned_application(w: World):
    """A shortlisted application by a third startup to a challenge that
    ``w.organisation`` owns (for the owner's pages)."""

    def make():
        from challenges.models import Application
        from challenges.tests.factories import (
            ChallengeFactory,
            SubmittedApplicationFactory,
        )
        from civic.models import Organisation

        owner = w.organisation
        owner.type = Organisation.Type.PUBLIC_BODY
        owner.save(update_fields=["type"])
        w.org_member  # noqa: B018
        return SubmittedApplicationFactory(
            challenge=ChallengeFactory(owner=owner),
            status=Application.Status.SHORTLISTED,
        )

    return w.memo("owned_application", make)


def winner(w: World):
    from challenges.models import Application

    return application(w, submitted=True, status=Application.Status.WINNER)


def pilot(w: World):
    def make():
        from challenges.tests.factories import MilestoneFactory, PilotFactory

        found = PilotFactory(application=winner(w))
        MilestoneFactory(pilot=found)
        return found

    return w.memo("pilot", make)


def voting_round(w: World):
    def make():
        from challenges.tests.factories import VotingRoundFactory

        return VotingRoundFactory()

    return w.memo("round", make)


def topic(w: World, *, hidden: bool = False):
    """A topic in the open round, proposed by ``resident``; a hidden one was
    hidden by a moderator and supported by ``resident`` before that."""

    def make():
        from challenges.tests.factories import SupportFactory, TopicFactory

        found = TopicFactory(
            voting_round=voting_round(w),
            proposed_by=w.resident,
            is_hidden=hidden,
            support_count=1 if hidden else 0,
        )
        if hidden:
            SupportFactory(topic=found, user=w.resident)
        return found

    return w.memo(f"topic_{hidden}", make)


ROUTES = {
    "challenges:index": Route(get=PUBLIC, post=READ_ONLY),
    # --- future-challenge topics ---
    "challenges:topics": Route(get=PUBLIC, post=READ_ONLY),
    "challenges:topic_propose": Route(
        get=VERIFIED, note="an empty proposal comes back with its errors (ok)"
    ),
    "challenges:topic_detail": Route(
        get=expect("404", moderator="ok", superuser="ok"),
        post=READ_ONLY,
        kwargs=lambda w: {"pk": topic(w, hidden=True).pk},
        note="a topic a moderator hid: moderators only",
    ),
    "challenges:topic_support": Route(
        get=expect("405"),
        post=expect("redirect", anonymous="login"),
        kwargs=lambda w: {"pk": topic(w).pk},
        note="anyone with a confirmed email supports (the unconfirmed are "
        "sent to confirm it: also a redirect)",
    ),
    "challenges:topic_withdraw": Route(
        get=expect("405"),
        post=only("resident", ok="redirect", unverified="redirect"),
        kwargs=lambda w: {"pk": topic(w, hidden=True).pk},
        note="a hidden topic: only its supporter may still withdraw",
    ),
    # --- challenges ---
    "challenges:challenge_list": Route(get=PUBLIC, post=READ_ONLY),
    "challenges:challenge_detail": Route(
        get=expect("404", challenge_manager="ok", superuser="ok"),
        post=READ_ONLY,
        kwargs=lambda w: {"slug": challenge(w, status="draft").slug},
        note="a draft challenge: challenge managers only",
    ),
    "challenges:application_start": Route(
        get=VERIFIED,
        kwargs=lambda w: startup(w) and {"slug": challenge(w).slug},
        note="the startup's member gets the form, others are told they need "
        "a startup; an empty form comes back with its error (ok)",
    ),
    # --- the applicant's pages ---
    "challenges:my_applications": Route(get=SIGNED_IN, post=READ_ONLY),
    "challenges:application": Route(
        get=only("org_member", "challenge_manager", "superuser"),
        post=READ_ONLY,
        kwargs=public_id,
        note="a draft: the startup and challenge managers; not yet the "
        "challenge owner (other_org_member)",
    ),
    "challenges:application_section": Route(
        get=only("org_member", unverified="redirect"),
        kwargs=lambda w: {**public_id(w), "section": "team"},
        note="the startup's members only; an empty section comes back with "
        "its error (ok)",
    ),
    "challenges:attachment_upload": Route(
        get=expect("405"),
        post=only("org_member", unverified="redirect"),
        kwargs=public_id,
        note="an empty upload comes back with its error (ok)",
    ),
    "challenges:attachment_download": Route(
        get=only("org_member", "challenge_manager", "superuser"),
        post=READ_ONLY,
        kwargs=lambda w: {"public_id": attachment(w).public_id},
    ),
    "challenges:attachment_delete": Route(
        get=only("org_member", unverified="redirect"),
        post=only("org_member", ok="redirect", unverified="redirect"),
        kwargs=lambda w: {"public_id": attachment(w).public_id},
    ),
    "challenges:application_check": Route(
        get=only("org_member", unverified="redirect"),
        post=only("org_member", unverified="redirect"),
        kwargs=public_id,
        note="only the startup submits (sections are still to be marked "
        "complete, so the POST comes back with the error: ok)",
    ),
    "challenges:application_submitted": Route(
        get=only("org_member"),
        post=READ_ONLY,
        kwargs=lambda w: public_id(w, submitted=True),
    ),
    "challenges:application_withdraw": Route(
        get=only("org_member", unverified="redirect"),
        post=only("org_member", ok="redirect", unverified="redirect"),
        kwargs=public_id,
    ),
    # --- open data ---
    "challenges:open_data": Route(get=PUBLIC, post=READ_ONLY),
    "challenges:open_data_json": Route(get=PUBLIC, post=READ_ONLY),
    "challenges:open_data_csv": Route(
        get=PUBLIC, post=READ_ONLY, kwargs=lambda w: {"dataset": "challenges"}
    ),
    # --- assessors ---
    "challenges:assessor_home": Route(
        get=VERIFIED,
        post=READ_ONLY,
        note="everyone's own (usually empty) list: assessors come from the "
        "Assessors group and from the challenge owner",
    ),
    "challenges:assessment_declare": Route(
        get=only("assessor", unverified="redirect"),
        kwargs=lambda w: {
            "public_id": assignment(w, declared=False).application.public_id
        },
        note="only the assigned assessor, not other staff nor managers; an "
        "empty declaration comes back with its error (ok)",
    ),
    "challenges:assessment": Route(
        get=only("assessor", unverified="redirect"),
        kwargs=lambda w: {
            "public_id": assignment(w, declared=True).application.public_id
        },
        note="only the assigned assessor; empty scores come back with their "
        "errors (ok)",
    ),
    # --- the challenge owner ---
    "challenges:owner_home": Route(get=SIGNED_IN, post=READ_ONLY),
    "challenges:owner_application": Route(
        get=only("org_member"),
        post=READ_ONLY,
        kwargs=lambda w: {"public_id": owned_application(w).public_id},
        note="a shortlisted application to a challenge w.organisation owns",
    ),
    # --- pilots ---
    "challenges:pilot_detail": Route(
        get=only("org_member", "other_org_member", "challenge_manager", "superuser"),
        post=only(
            "org_member",
            other_org_member="403",
            challenge_manager="403",
            superuser="403",
        ),
        kwargs=lambda w: {"public_id": pilot(w).public_id},
        data=lambda w: {"action": "report", "body": ""},
        note="the startup, the owner and managers see it; only the startup "
        "reports progress (an empty report comes back with its error)",
    ),
    # --- Wagtail admin: assessment, decisions and pilots ---
    "challenges_assessment:index": Route(
        get=admin_only(*MANAGERS), post=admin_only(*MANAGERS, ok="405")
    ),
    "challenges_assessment:panel": Route(
        get=admin_only(*MANAGERS),
        post=admin_only(*MANAGERS, ok="redirect"),
        kwargs=lambda w: {"pk": challenge(w).pk},
        data=lambda w: {
            "action": "unassign",
            "assignment": assignment(w, declared=False).pk,
        },
    ),
    "challenges_assessment:application": Route(
        get=admin_only(*MANAGERS),
        kwargs=lambda w: public_id(w, submitted=True),
        data=lambda w: {"action": "shortlist"},
        note="an empty decision comes back with its errors (ok)",
    ),
    "challenges_assessment:pilot_start": Route(
        get=admin_only(*MANAGERS),
        kwargs=lambda w: {"public_id": winner(w).public_id},
        note="an empty form comes back with its errors (ok)",
    ),
    "challenges_assessment:pilot": Route(
        get=admin_only(*MANAGERS),
        kwargs=lambda w: {"pk": pilot(w).pk},
        data=lambda w: {"action": "complete"},
        note="an empty outcome comes back with its error (ok)",
    ),
    # --- Wagtail admin: voting rounds ---
    "challenges_topics:rounds": Route(
        get=admin_only(*MANAGERS), post=admin_only(*MANAGERS, ok="405")
    ),
    "challenges_topics:round_create": Route(
        get=admin_only(*MANAGERS),
        note="an empty form comes back with its errors (ok)",
    ),
    "challenges_topics:round": Route(
        get=admin_only(*MANAGERS),
        post=admin_only(*MANAGERS, ok="405"),
        kwargs=lambda w: {"pk": voting_round(w).pk},
    ),
    "challenges_topics:round_action": Route(
        get=admin_only(ok="405", denied="405"),
        post=admin_only(*MANAGERS, ok="redirect"),
        kwargs=lambda w: {"pk": voting_round(w).pk},
        data=lambda w: {"action": "close"},
    ),
    "challenges_topics:topic_decide": Route(
        get=admin_only(*MANAGERS),
        kwargs=lambda w: {"pk": topic(w).pk},
        note="an empty decision comes back with its errors (ok)",
    ),
}


# --- Wagtail snippets: programmes, themes, challenges -------------------------


def _programme(w: World):
    return challenge(w).programme


def _theme(w: World):
    return challenge(w).theme


ROUTES.update(snippet_rows("challenges", "challenge", MANAGERS, challenge))
ROUTES.update(snippet_rows("challenges", "programme", MANAGERS, _programme))
ROUTES.update(snippet_rows("challenges", "theme", MANAGERS, _theme))
