from .boroughs import Borough
from .moderation import ModeratedContent, Report
from .organisations import Organisation, OrganisationInvitation, OrganisationMembership
from .users import User

__all__ = [
    "Borough",
    "ModeratedContent",
    "Organisation",
    "OrganisationInvitation",
    "OrganisationMembership",
    "Report",
    "User",
]
