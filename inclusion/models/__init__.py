from .borrowing import (
    MAX_EXTENSION_DAYS,
    MAX_LOAN_DAYS,
    MAX_TOTAL_DAYS,
    REMINDER_DAYS_BEFORE_DUE,
    BorrowRequest,
    Circumstance,
    Loan,
    LoanReminder,
    Scheme,
)
from .devices import Device, DeviceIncident, DeviceWipe
from .evaluation import ConfidenceAnswer, ConfidenceCheck, ConfidenceQuestion
from .people import Participant
from .places import OpeningHours, Site
from .training import OFFER_HOURS, Booking, Course, SkillArea, TrainingSession

__all__ = [
    "MAX_EXTENSION_DAYS",
    "MAX_LOAN_DAYS",
    "MAX_TOTAL_DAYS",
    "OFFER_HOURS",
    "REMINDER_DAYS_BEFORE_DUE",
    "Booking",
    "BorrowRequest",
    "Circumstance",
    "ConfidenceAnswer",
    "ConfidenceCheck",
    "ConfidenceQuestion",
    "Course",
    "Device",
    "DeviceIncident",
    "DeviceWipe",
    "Loan",
    "LoanReminder",
    "OpeningHours",
    "Participant",
    "Scheme",
    "SkillArea",
    "Site",
    "TrainingSession",
]
