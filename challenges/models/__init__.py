from .applications import Application, Attachment, BudgetLine, ReferenceCounter
from .assessment import Assignment, Pitch, Score
from .pilots import MentoringSession, Milestone, Pilot, ProgressReport
from .programmes import Challenge, Criterion, Programme, Theme
from .topics import Support, SupporterQuota, Topic, VotingRound

__all__ = [
    "Application",
    "Assignment",
    "Attachment",
    "BudgetLine",
    "Challenge",
    "Criterion",
    "MentoringSession",
    "Milestone",
    "Pilot",
    "Pitch",
    "Programme",
    "ProgressReport",
    "ReferenceCounter",
    "Score",
    "Support",
    "SupporterQuota",
    "Theme",
    "Topic",
    "VotingRound",
]
