"""Get online in the Wagtail admin: one "Get online" menu group.

``wagtail_loans`` registers the lending desk's audit-log labels.
"""

from wagtail.snippets.models import register_snippet

from . import wagtail_admin, wagtail_loans  # noqa: F401

register_snippet(wagtail_admin.GetOnlineViewSetGroup)
