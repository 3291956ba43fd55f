from .about_you import AboutYou
from .membership import Membership
from .polls import Poll, PollOption, PollVote
from .surveys import Answer, Question, QuestionOption, Response, Survey

__all__ = [
    "AboutYou",
    "Answer",
    "Membership",
    "Poll",
    "PollOption",
    "PollVote",
    "Question",
    "QuestionOption",
    "Response",
    "Survey",
]
