from .access import PersonalDataAccess
from .boroughs import Borough
from .moderation import ModeratedContent, Report
from .organisations import Organisation, OrganisationInvitation, OrganisationMembership
from .pages import ContentPage, HomePage
from .users import User

__all__ = [
    "Borough",
    "ContentPage",
    "HomePage",
    "ModeratedContent",
    "Organisation",
    "OrganisationInvitation",
    "OrganisationMembership",
    "PersonalDataAccess",
    "Report",
    "User",
]
