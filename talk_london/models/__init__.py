from .about_you import AboutYou
from .discussions import (
    Agreement,
    DiscussionDigest,
    Post,
    Thread,
    ThreadFollow,
    Topic,
)
from .exports import ExportJob
from .membership import Membership
from .polls import Poll, PollOption, PollVote
from .surveys import Answer, Question, QuestionOption, Response, Survey

__all__ = [
    "AboutYou",
    "Agreement",
    "Answer",
    "DiscussionDigest",
    "ExportJob",
    "Membership",
    "Poll",
    "PollOption",
    "PollVote",
    "Post",
    "Question",
    "QuestionOption",
    "Response",
    "Survey",
    "Thread",
    "ThreadFollow",
    "Topic",
]
