"""Which changes make Tech talent's cached public pages stale
(``civic.caching``): the course finder and course pages change with a course,
its cohorts, partners and applications (places left); the charter pages with
signatories, pledges, years and figures."""

from civic.caching import invalidate_on

COURSES = "diversity:courses"
CHARTER = "diversity:charter"


def connect() -> None:
    from .models import (
        Application,
        Cohort,
        Course,
        IndustryPartner,
        Pledge,
        PledgeAcceptance,
        PledgeVersion,
        ReportingYear,
        Signatory,
        Submission,
    )

    invalidate_on([Course, Cohort, IndustryPartner, Application], COURSES)
    invalidate_on(
        [Signatory, Pledge, PledgeVersion, PledgeAcceptance, ReportingYear, Submission],
        CHARTER,
    )
