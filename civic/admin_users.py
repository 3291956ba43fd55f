"""The Wagtail admin's Users page, for a user model with one display name,
whose Delete runs the portal's account deletion.

Wagtail lists users by "name", which it sorts by ``last_name`` and
``first_name``; our users have neither, so the page was a server error.
``civic.admin_users_app.UsersAppConfig`` (in INSTALLED_APPS instead of
wagtail.users) points Wagtail at this viewset.

Wagtail's own Delete (one user, or several from the list) removes the user
row and nothing else: what the person wrote, their email in the outbox,
their Get online record and the rest would stay, and a campaign they run
alone would lose its only organiser. Here both go through
``civic.services.privacy.account_delete``, as the person's own "Delete your
account" does: every app erases its part, the refusals are the same, and
the audit log says which member of staff did it. This is the screen for a
request made by phone, letter or email.
"""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from wagtail.users.views.bulk_actions.delete import (
    DeleteBulkAction as WagtailDeleteBulkAction,
)
from wagtail.users.views.users import DeleteView as WagtailDeleteView
from wagtail.users.views.users import UserViewSet as WagtailUserViewSet

from civic.services.privacy import (
    AccountDeletionRefused,
    account_delete,
    account_deletion_blockers,
)


class DeleteView(WagtailDeleteView):
    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["blockers"] = account_deletion_blockers(user=self.object)
        return context

    def delete_action(self):
        # Instead of Wagtail's ``self.object.delete()``.
        account_delete(user=self.object, by=self.request.user)

    def form_valid(self, form):
        try:
            return super().form_valid(form)
        except AccountDeletionRefused as refused:
            for reason in refused.reasons:
                messages.error(self.request, reason)
            return redirect(self.get_delete_url())


class DeleteBulkAction(WagtailDeleteBulkAction):
    """Several accounts from the Users list: all of them, or none if any one
    cannot be deleted yet (the message names whom, and why)."""

    def prepare_action(self, objects, objects_without_access):
        refused = [
            (user, reasons)
            for user in objects
            if (reasons := account_deletion_blockers(user=user))
        ]
        if not refused:
            return None
        for user, reasons in refused:
            messages.error(
                self.request,
                _("%(user)s cannot be deleted yet: %(reasons)s")
                % {"user": user.email, "reasons": " ".join(reasons)},
            )
        return redirect(self.next_url)

    def get_execution_context(self):
        return {**super().get_execution_context(), "by": self.request.user}

    @classmethod
    def execute_action(cls, objects, model=None, by=None, **kwargs):
        deleted = 0
        for user in objects:
            try:
                account_delete(user=user, by=by)
            except AccountDeletionRefused:
                continue  # became blocked since the check: left in place
            deleted += 1
        return deleted, 0

    def get_success_message(self, num_parent_objects, num_child_objects):
        return ngettext(
            "%(count)d account and its personal data have been deleted",
            "%(count)d accounts and their personal data have been deleted",
            num_parent_objects,
        ) % {"count": num_parent_objects}


class UserViewSet(WagtailUserViewSet):
    ordering = "email"
    delete_view_class = DeleteView
    delete_template_name = "civic/admin/user_confirm_delete.html"
