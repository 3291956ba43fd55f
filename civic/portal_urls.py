from django.urls import path

from civic.views import (
    account,
    design_system,
    health,
    moderation,
    organisations,
    privacy,
)

app_name = "civic"

urlpatterns = [
    path("healthz", health.healthz, name="healthz"),
    path("design-system/", design_system.design_system, name="design_system"),
    # "Your account": profile, organisations and everything the person has done.
    path("your-account/", account.account_home, name="account"),
    path("your-account/profile/", account.profile_edit, name="profile_edit"),
    path("your-account/activity/", account.activity, name="activity"),
    path(
        "your-account/confirm-your-email/",
        account.verify_email_needed,
        name="verify_email_needed",
    ),
    # UK GDPR rights: a copy of everything held, and erasure.
    path("your-account/your-data/", privacy.your_data, name="your_data"),
    path(
        "your-account/your-data/download.json",
        privacy.your_data_json,
        name="your_data_json",
    ),
    path(
        "your-account/your-data/download.html",
        privacy.your_data_html,
        name="your_data_html",
    ),
    path("your-account/delete/", privacy.delete_account, name="account_delete"),
    path("account-deleted/", privacy.account_deleted, name="account_deleted"),
    path(
        "your-account/organisations/",
        organisations.organisation_list,
        name="organisation_list",
    ),
    path(
        "organisations/new/",
        organisations.organisation_create,
        name="organisation_create",
    ),
    path(
        "organisations/<slug:slug>/",
        organisations.organisation_detail,
        name="organisation_detail",
    ),
    path(
        "organisations/<slug:slug>/edit/",
        organisations.organisation_edit,
        name="organisation_edit",
    ),
    path(
        "organisations/<slug:slug>/invite/",
        organisations.organisation_invite,
        name="organisation_invite",
    ),
    path(
        "organisations/<slug:slug>/members/<int:membership_id>/remove/",
        organisations.membership_remove,
        name="membership_remove",
    ),
    path(
        "invitations/<str:token>/",
        organisations.invitation_accept,
        name="invitation_accept",
    ),
    # Reporting content to the moderators: any registered content type.
    path(
        "report/<str:content_type>/<int:object_id>/",
        moderation.report_create,
        name="report",
    ),
    path("report/sent/", moderation.report_done, name="report_done"),
]
