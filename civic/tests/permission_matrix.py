"""civic's routes in the permission matrix (see tests/matrix.py): the portal's
own pages, allauth's sign-in and two-factor pages, Wagtail's page serving and
documents, and both admins.

Objects belong to ``w.resident`` and ``w.organisation`` (owned by
``w.org_member``). Rows are what the service should do; notes explain rows a
reader might not expect.
"""

from django.contrib.auth.models import Group

from civic import groups
from tests.matrix import (
    PUBLIC,
    ROLES,
    SIGNED_IN,
    STAFF_ROLES,
    Route,
    all_routes,
    expect,
)

# The roles without any staff group: residents and organisation members.
NOT_STAFF = tuple(role for role in ROLES if role not in STAFF_ROLES)
SIGNED_IN_NOT_STAFF = tuple(role for role in NOT_STAFF if role != "anonymous")


def _refused(default: str = "any", **by_role: str) -> dict[str, str]:
    """Anonymous visitors sign in; signed-in people who are not staff get 403;
    staff get ``default`` unless named."""
    row = {"anonymous": "login", **dict.fromkeys(SIGNED_IN_NOT_STAFF, "403")}
    return expect(default, **{**row, **by_role})


def only_superuser(*, ok: str = "ok", others: str = "redirect") -> dict[str, str]:
    """A Wagtail screen for superusers only. Staff without the permission are
    sent to the admin dashboard with a message (Wagtail's own refusal)."""
    return _refused(others, superuser=ok)


def wagtail_screen(*roles: str, ok: str = "ok", others: str = "redirect"):
    return _refused(others, **dict.fromkeys((*roles, "superuser"), ok))


# --- objects -------------------------------------------------------------------


def _hidden_organisation(w):
    def make():
        organisation = w.organisation
        organisation.is_hidden = True
        organisation.save(update_fields=["is_hidden"])
        return organisation

    return w.memo("hidden_organisation", make)


def _plain_membership(w):
    from civic.models import OrganisationMembership
    from civic.tests.factories import MembershipFactory, UserFactory

    return w.memo(
        "plain_membership",
        lambda: MembershipFactory(
            organisation=w.organisation,
            user=UserFactory(email="plain-member@matrix.example.com"),
            role=OrganisationMembership.Role.MEMBER,
        ),
    )


def _invitation(w):
    from civic.tests.factories import InvitationFactory

    return w.memo(
        "invitation",
        lambda: InvitationFactory(
            organisation=w.organisation, email=w.resident.email, invited_by=w.org_member
        ),
    )


def _document(w, *, private: bool = False):
    def make():
        from django.core.files.base import ContentFile
        from wagtail.documents import get_document_model
        from wagtail.models import Collection, CollectionViewRestriction

        collection = Collection.get_first_root_node()
        if private:
            collection = collection.add_child(name="Matrix private papers")
            CollectionViewRestriction.objects.create(
                collection=collection,
                restriction_type=CollectionViewRestriction.LOGIN,
            )
        return get_document_model().objects.create(
            title="Matrix minutes",
            collection=collection,
            file=ContentFile(b"%PDF-1.4 minutes", name="matrix-minutes.pdf"),
        )

    document = w.memo("private_document" if private else "document", make)
    return f"/documents/{document.pk}/{document.filename}"


def _editor_permissions(w) -> dict:
    """Content editors' page and collection rights, as ``bootstrap_site`` gives
    them on a real site (Wagtail keeps image and document rights per
    collection, not in the group's permissions)."""
    from civic.services.site import ensure_editor_permissions

    w.memo("editor_permissions", ensure_editor_permissions)
    return {}


def _group_pk(w) -> str:
    return str(Group.objects.get(name=groups.MODERATORS).pk)


# --- the portal's own pages ------------------------------------------------------

_STAFF_OK = expect("ok", **dict.fromkeys(NOT_STAFF, "404"))
ORGANISATION_OWNER = expect("404", anonymous="login", org_member="ok")
# A hidden organisation: its members and the moderators still see it.
HIDDEN_ORGANISATION = expect("404", org_member="ok", moderator="ok", superuser="ok")

ROUTES = {
    "civic:healthz": Route(get=PUBLIC, post=expect("405")),
    "civic:design_system": Route(
        get=_STAFF_OK,
        note="Public only with DESIGN_SYSTEM_PUBLIC (local development); "
        "otherwise staff only, and 404 for others so it does not admit it exists. "
        "An empty POST shows the demo form's errors.",
    ),
    "civic:account": Route(get=SIGNED_IN, post=expect("405", anonymous="login")),
    # UK GDPR rights: each person's own data only, so no object in the URL.
    "civic:your_data": Route(get=SIGNED_IN, post=expect("405", anonymous="login")),
    "civic:your_data_json": Route(get=SIGNED_IN, post=expect("405", anonymous="login")),
    "civic:your_data_html": Route(get=SIGNED_IN, post=expect("405", anonymous="login")),
    "civic:account_delete": Route(
        get=SIGNED_IN,
        post=SIGNED_IN,
        note="an empty form is shown again with its errors; staff are told "
        "why their account is not deleted here",
    ),
    "civic:account_deleted": Route(get=PUBLIC, post=expect("405")),
    "civic:profile_edit": Route(
        get=SIGNED_IN,
        data=lambda w: {"display_name": "x" * 500},
        note="POST: a name over the limit is refused next to the field (200).",
    ),
    "civic:activity": Route(get=SIGNED_IN, post=expect("405", anonymous="login")),
    "civic:verify_email_needed": Route(
        get=SIGNED_IN,
        post=expect("redirect", anonymous="login"),
        note="POST resends the link (or says it is confirmed) and redirects.",
    ),
    "civic:organisation_list": Route(
        get=SIGNED_IN, post=expect("405", anonymous="login")
    ),
    "civic:organisation_create": Route(
        get=expect("ok", anonymous="login", unverified="redirect"),
        note="Unverified people are sent to confirm their email first.",
    ),
    "civic:organisation_detail": Route(
        get=PUBLIC,
        post=expect("405"),
        kwargs=lambda w: {"slug": w.organisation.slug},
    ),
    "civic:organisation_detail#hidden": Route(
        get=HIDDEN_ORGANISATION,
        post=expect("405"),
        kwargs=lambda w: {"slug": _hidden_organisation(w).slug},
        note="A hidden organisation is 404 for all but its members and moderators.",
    ),
    "civic:organisation_detail#missing": Route(get=expect("404"), post=expect("405")),
    "civic:organisation_edit": Route(
        get=ORGANISATION_OWNER,
        kwargs=lambda w: {"slug": w.organisation.slug},
        note="Management pages are 404 for non-members, staff included.",
    ),
    "civic:organisation_invite": Route(
        get=ORGANISATION_OWNER,
        kwargs=lambda w: {"slug": w.organisation.slug},
    ),
    "civic:membership_remove": Route(
        get=expect("405", anonymous="login"),
        post=expect("404", anonymous="login", org_member="redirect"),
        kwargs=lambda w: {
            "slug": w.organisation.slug,
            "membership_id": _plain_membership(w).pk,
        },
        note="Only the owner removes another member; everyone else learns nothing.",
    ),
    "civic:invitation_accept": Route(
        get=expect("403", anonymous="login", resident="ok"),
        post=expect("403", anonymous="login", resident="redirect"),
        kwargs=lambda w: {"token": _invitation(w).token},
        note="The token is the secret: the invitee accepts; anyone else signed in is "
        "told it is for another address (403).",
    ),
    "civic:invitation_accept#missing": Route(
        get=expect("404", anonymous="login"),
    ),
    "civic:report": Route(
        get=SIGNED_IN,
        kwargs=lambda w: {
            "content_type": "civic.organisation",
            "object_id": w.organisation.pk,
        },
        note="Anyone signed in may report; an empty POST shows the form's errors.",
    ),
    "civic:report#hidden": Route(
        get=expect("404", anonymous="login"),
        kwargs=lambda w: {
            "content_type": "civic.organisation",
            "object_id": _hidden_organisation(w).pk,
        },
        note="Hidden items cannot be reported (nor found).",
    ),
    "civic:report#unknown_type": Route(
        get=expect("404", anonymous="login"),
        kwargs=lambda w: {"content_type": "civic.user", "object_id": w.resident.pk},
        note="Only registered content types can be reported.",
    ),
    "civic:report_done": Route(
        get=expect("redirect", anonymous="login"),
        post=expect("405", anonymous="login"),
        note="With nothing reported in this session it sends you to your account.",
    ),
    # --- moderation in the Wagtail admin ---------------------------------------
    "civic_moderation:queue": Route(
        get=_refused("403", moderator="ok", superuser="ok"),
        post=_refused("403", moderator="405", superuser="405"),
        note="Other staff get a real 403 in the admin's layout.",
    ),
    "civic_moderation:item": Route(
        get=_refused("403", moderator="ok", superuser="ok"),
        kwargs=lambda w: {
            "content_type": "civic.organisation",
            "object_id": w.organisation.pk,
        },
        data=lambda w: {"action": "hide"},
        note="POST hide without a reason: the error is shown (200) to moderators.",
    ),
    # Failed background work (civic.wagtail_hooks.FaultsView): superusers only.
    "civic_faults": Route(
        get=_refused("403", superuser="ok"),
        # An empty form names no email: 404 for the superuser.
        post=_refused("403", superuser="404"),
    ),
    "civic_moderation:item#missing": Route(
        get=_refused("403", moderator="404", superuser="404"),
    ),
}

# --- allauth: signing in, signing up, passwords, email, two-factor ---------------

# Pages for people who are not signed in: signed-in people are sent on.
SIGNED_OUT_ONLY = expect("redirect", anonymous="ok")
# allauth's staged pages (a code, a second factor) outside their stage.
NOT_IN_THIS_STAGE = expect("redirect", anonymous="login")
NEEDS_RECENT_SIGN_IN = expect("redirect", anonymous="login")
STAFF_HAVE_TOTP = dict.fromkeys(STAFF_ROLES, "redirect")

ROUTES |= {
    "account_login": Route(
        get=SIGNED_OUT_ONLY,
        note="Signed in already: sent to your account, not shown the form again.",
    ),
    "account_signup": Route(get=SIGNED_OUT_ONLY),
    "account_logout": Route(
        get=expect("ok", anonymous="redirect"),
        post=expect("redirect"),
        note="GET only asks 'Sign out?' (civic/tests/test_matrix_checks.py shows "
        "it does not sign anyone out); the POST signs out.",
    ),
    "account_inactive": Route(get=PUBLIC, post=expect("405")),
    "account_email_verification_sent": Route(get=PUBLIC, post=expect("405")),
    "account_confirm_email": Route(
        get=PUBLIC,
        post=expect("404"),
        kwargs=lambda w: {"key": "no-such-key"},
        note="An unknown key shows 'the link has expired' (200) to anyone; "
        "confirming it (POST) is 404.",
    ),
    "account_email": Route(
        get=SIGNED_IN,
        post=expect("redirect", anonymous="login"),
        note="A POST that names no action changes nothing and comes back.",
    ),
    "account_change_password": Route(get=SIGNED_IN),
    "account_set_password": Route(
        get=expect("redirect", anonymous="login"),
        note="Everyone here has a password: sent to change it instead.",
    ),
    "account_reset_password": Route(get=PUBLIC),
    "account_reset_password_done": Route(get=PUBLIC, post=expect("405")),
    "account_reset_password_from_key": Route(
        get=PUBLIC,
        kwargs=lambda w: {"uidb36": "zz", "key": "no-such-key"},
        note="A bad link says it has expired (200) whoever follows it.",
    ),
    "account_reset_password_from_key_done": Route(get=PUBLIC, post=expect("405")),
    "account_reauthenticate": Route(get=SIGNED_IN),
    "account_confirm_login_code": Route(get=NOT_IN_THIS_STAGE),
    "account_request_reauthentication_code": Route(
        get=expect("ok", anonymous="login", unverified="redirect"),
        note="allauth's 'send me a code' re-check of who you are (its default "
        "methods); it never counts as the two-factor check the admin needs.",
    ),
    "account_confirm_reauthentication_code": Route(get=NOT_IN_THIS_STAGE),
    "mfa_index": Route(get=SIGNED_IN, post=expect("405", anonymous="login")),
    "mfa_activate_totp": Route(
        get=NEEDS_RECENT_SIGN_IN,
        note="allauth asks for the password again first (a force_login session "
        "has no recent sign-in); staff already have an authenticator.",
    ),
    "mfa_deactivate_totp": Route(
        get=expect("404", anonymous="login", **STAFF_HAVE_TOTP),
        note="Without an authenticator there is nothing to turn off (404); staff "
        "are asked to re-check, and then refused (test_matrix_checks.py).",
    ),
    "mfa_authenticate": Route(get=NOT_IN_THIS_STAGE),
    "mfa_reauthenticate": Route(
        get=expect("redirect", anonymous="login", **dict.fromkeys(STAFF_ROLES, "ok")),
        note="Only people with an authenticator can re-check with it.",
    ),
    "mfa_view_recovery_codes": Route(
        get=expect("404", anonymous="login"), post=expect("405", anonymous="login")
    ),
    "mfa_download_recovery_codes": Route(get=expect("404", anonymous="login")),
    "mfa_generate_recovery_codes": Route(
        get=NEEDS_RECENT_SIGN_IN,
        note="Re-check first; without an authenticator it refuses then.",
    ),
}

# --- Wagtail's pages and documents -----------------------------------------------

ROUTES |= {
    "wagtail_serve#home": Route(
        get=PUBLIC,
        path=lambda w: "/",
        note="CMS pages answer a POST like a GET; no page type here takes input.",
    ),
    "wagtail_serve#missing": Route(get=expect("404"), path=lambda w: "/no-such-page/"),
    "wagtailcore_login": Route(
        get=expect("login"),
        note="Wagtail's password-only form for private pages is replaced by the "
        "portal's sign-in (rate limits, suspension, two-factor).",
    ),
    "_util/login/": Route(get=expect("login"), path=lambda w: "/_util/login/"),
    "wagtailcore_authenticate_with_password": Route(get=expect("404")),
    "wagtaildocs_serve": Route(
        get=PUBLIC,
        path=_document,
        note="Wagtail serves a document to a POST as to a GET; it changes nothing.",
    ),
    "wagtaildocs_serve#private": Route(
        get=SIGNED_IN,
        path=lambda w: _document(w, private=True),
        note="A document in a collection restricted to signed-in people.",
    ),
    "wagtaildocs_serve#missing": Route(
        get=expect("404"), path=lambda w: "/documents/987654321/x.pdf"
    ),
    "wagtaildocs_authenticate_with_password": Route(get=expect("404")),
}

# --- the Wagtail admin (/admin/) ---------------------------------------------------

# Every screen under /admin/ that no table names exactly. Whether someone may
# use the admin at all is decided for all its routes at once, before any
# screen runs (civic.views.admin_access, then Wagtail's require_admin_access):
# anonymous visitors sign in and signed-in people without
# ``wagtailadmin.access_admin`` get 403. So one signed-in non-staff role
# stands for all five (none of them has any permission), and for staff the
# rule only asks that no screen breaks (never a 500), by GET or by POST,
# for a superuser (every screen, every code path) and a content editor (the
# only group with Wagtail's own permissions: images and documents). Other
# groups differ only by their own apps' permissions, whose screens those
# apps' tables name exactly.
ADMIN_SAMPLE_ROLES = ("anonymous", "resident", "content_editor", "superuser")
_ADMIN_RULE = Route(
    get=_refused("any"),
    roles=ADMIN_SAMPLE_ROLES,
    note="The /admin/ prefix rule (civic/tests/permission_matrix.py).",
)

# Django's admin (/django-admin/) is for superusers' emergency repairs only;
# the refusal is one check (civic.admin, civic.views.admin_access) for every
# route, so one resident and one member of staff stand for the others.
DJANGO_ADMIN_SAMPLE_ROLES = ("anonymous", "resident", "moderator", "superuser")
_DJANGO_ADMIN_RULE = Route(
    get=_refused("403", superuser="any"),
    roles=DJANGO_ADMIN_SAMPLE_ROLES,
    note="The /django-admin/ prefix rule (civic/tests/permission_matrix.py).",
)

PATTERN_PREFIXES = {"admin/": _ADMIN_RULE, "django-admin/": _DJANGO_ADMIN_RULE}

ALL_STAFF = _refused("ok")

ROUTES |= {
    "wagtailadmin_home": Route(get=ALL_STAFF, post=_refused("405")),
    "wagtailadmin_account": Route(get=ALL_STAFF),
    "admin/login/": Route(get=expect("login"), path=lambda w: "/admin/login/"),
    "wagtailadmin_login": Route(
        get=expect("login"),
        note="Wagtail's own sign-in form is replaced by the portal's (two-factor).",
    ),
    "wagtailadmin_logout": Route(
        get=_refused("405"),
        post=_refused("login"),
        note="Signing out takes a POST; afterwards the admin asks you to sign in.",
    ),
    # Static parts of the admin's pages: anyone may fetch them; signed-in
    # people who are not staff are refused like every other admin route.
    "wagtailadmin_sprite": Route(get=_refused("ok", anonymous="ok")),
    "wagtailadmin_javascript_catalog": Route(
        get=_refused("ok", anonymous="ok"), post=_refused("405", anonymous="405")
    ),
    # Wagtail's own password reset is off: people reset through allauth.
    "wagtailadmin_password_reset": Route(get=_refused("404", anonymous="404")),
    "wagtailadmin_password_reset_done": Route(get=_refused("404", anonymous="404")),
    "wagtailadmin_password_reset_confirm": Route(get=_refused("404", anonymous="404")),
    "wagtailadmin_password_reset_complete": Route(get=_refused("404", anonymous="404")),
    # Known faults in Wagtail itself (an empty POST to these screens), kept
    # here so they are noticed when an upgrade fixes them.
    "wagtailadmin_choose_page_external_link": Route(
        get=_refused("any"),
        roles=("superuser",),
        methods=("post",),
        xfail="Wagtail 7: an empty POST to the external-link chooser raises "
        "AttributeError ('NoneType' has no 'startswith')",
    ),
    "wagtailredirects:process_import": Route(
        get=_refused("any"),
        roles=("superuser",),
        methods=("post",),
        xfail="Wagtail 7: POST to the redirects import without a prior upload "
        "raises KeyError('import_file_name')",
    ),
    "wagtailadmin_pages:revisions_compare": Route(
        get=_refused("any"),
        path=lambda w: "/admin/pages/987654321/revisions/compare/live...latest/",
        roles=ADMIN_SAMPLE_ROLES,
    ),
    "wagtailsites:edit#non_numeric_pk": Route(
        get=_refused("any"),
        path=lambda w: "/admin/sites/edit/nosuchthing/",
        roles=("superuser",),
        methods=("get",),
        xfail="Wagtail 7's generic admin views raise ValueError (500) for a "
        "primary key that is not a number (typed or mangled URLs only)",
    ),
    "wagtailadmin_error_test": Route(
        get=expect("404"),
        note="Wagtail's deliberate server error is switched off (civic/urls.py).",
    ),
    "admin/failwhale/": Route(get=expect("404"), path=lambda w: "/admin/failwhale/"),
    "admin/test404/": Route(
        get=ALL_STAFF,
        post=_refused("405"),
        path=lambda w: "/admin/test404/",
        note="Wagtail's preview of its own 404 page (status 200).",
    ),
    "admin/^.*/$": Route(get=_refused("404"), path=lambda w: "/admin/no-such-screen/"),
    # Users and groups: superusers only.
    "wagtailusers_users:index": Route(
        get=only_superuser(), post=only_superuser(ok="405")
    ),
    "wagtailusers_users:add": Route(get=only_superuser()),
    "wagtailusers_users:edit": Route(
        get=only_superuser(), kwargs=lambda w: {"pk": str(w.resident.pk)}
    ),
    "wagtailusers_groups:index": Route(
        get=only_superuser(), post=only_superuser(ok="405")
    ),
    "wagtailusers_groups:add": Route(get=only_superuser()),
    "wagtailusers_groups:edit": Route(
        get=only_superuser(), kwargs=lambda w: {"pk": _group_pk(w)}
    ),
    # Images and documents: content editors.
    "wagtailimages:index": Route(
        get=wagtail_screen("content_editor"),
        post=wagtail_screen("content_editor", ok="405"),
        kwargs=_editor_permissions,
    ),
    "wagtailimages:add": Route(
        get=wagtail_screen("content_editor"), kwargs=_editor_permissions
    ),
    "wagtaildocs:index": Route(
        get=wagtail_screen("content_editor"),
        post=wagtail_screen("content_editor", ok="405"),
        kwargs=_editor_permissions,
    ),
    "wagtaildocs:add": Route(
        get=wagtail_screen("content_editor"), kwargs=_editor_permissions
    ),
}

# --- Django's admin (/django-admin/) -----------------------------------------------

SUPERUSER_ONLY = _refused("403", superuser="ok")

ROUTES |= {
    "admin:index": Route(
        get=SUPERUSER_ONLY, note="Django's admin index answers a POST like a GET."
    ),
    "admin:logout": Route(
        get=_refused("403", anonymous="redirect", superuser="405"),
        post=_refused("403", anonymous="redirect", superuser="ok"),
        roles=DJANGO_ADMIN_SAMPLE_ROLES,
    ),
    "admin:login": Route(get=expect("login")),
    "admin:app_list": Route(
        get=_refused("403", superuser="ok"),
        kwargs=lambda w: {"app_label": "auth"},
        roles=DJANGO_ADMIN_SAMPLE_ROLES,
    ),
    "django-admin/login/": Route(
        get=expect("login"), path=lambda w: "/django-admin/login/"
    ),
    "django-admin/(?P<url>.*)$": Route(
        get=_refused("403", superuser="404"),
        path=lambda w: "/django-admin/no/such/screen/",
        roles=DJANGO_ADMIN_SAMPLE_ROLES,
    ),
}
for _model in (
    "account/emailaddress",
    "auth/group",
    "mfa/authenticator",
    "taggit/tag",
    "wagtaildocs/document",
    "wagtailimages/image",
):
    ROUTES[f"django-admin/{_model}/<path:object_id>/"] = Route(
        get=_refused("403", superuser="any"),
        path=lambda w, m=_model: f"/django-admin/{m}/987654321/",
        roles=DJANGO_ADMIN_SAMPLE_ROLES,
    )

# Wagtail's snippet choosers all have a "create" route, but a chooser that
# offers no creation form (none of ours does) fails on a POST: a fault in
# Wagtail, the same for every snippet model, so civic lists them all here.
for _key in all_routes():
    if _key.startswith("wagtailsnippetchoosers_") and _key.endswith(":create"):
        ROUTES[_key] = Route(
            get=_refused("any"),
            roles=("superuser",),
            methods=("post",),
            xfail="Wagtail 7: POST to a snippet chooser's create view with no "
            "creation form raises AttributeError ('NoneType' has no 'is_valid')",
        )
