from .payments import GatewayTransaction
from .pledges import CityHallPledge, Pledge
from .projects import (
    CostLine,
    Need,
    NeedOffer,
    Project,
    ProjectImage,
    ProjectUpdate,
    TeamInvitation,
    TeamMember,
)
from .rounds import FundingRound, Theme

__all__ = [
    "CityHallPledge",
    "CostLine",
    "FundingRound",
    "GatewayTransaction",
    "Need",
    "NeedOffer",
    "Pledge",
    "Project",
    "ProjectImage",
    "ProjectUpdate",
    "TeamInvitation",
    "TeamMember",
    "Theme",
]
