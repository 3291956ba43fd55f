from .membership import Membership

__all__ = ["Membership"]
from .about_you import AboutYou  # noqa: E402

__all__ += ["AboutYou"]
from .polls import Poll, PollOption, PollVote  # noqa: E402

__all__ += ["Poll", "PollOption", "PollVote"]
