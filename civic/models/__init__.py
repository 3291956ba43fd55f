from .access import PersonalDataAccess
from .boroughs import Borough
from .moderation import ModeratedContent, Report
from .organisations import Organisation, OrganisationInvitation, OrganisationMembership
from .outbox import FailedTask, OutboxEmail
from .pages import ContentPage, HomePage
from .users import User

__all__ = [
    "Borough",
    "ContentPage",
    "FailedTask",
    "HomePage",
    "ModeratedContent",
    "Organisation",
    "OrganisationInvitation",
    "OrganisationMembership",
    "PersonalDataAccess",
    "OutboxEmail",
    "Report",
    "User",
]
