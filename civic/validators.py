import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# The full UK postcode format, including GIR 0AA and the overseas territories'
# shapes that fit it; checked after removing spaces and upper-casing.
_POSTCODE_RE = re.compile(
    r"^(GIR0AA|[A-PR-UWYZ][0-9]{1,2}[0-9ABCDEFGHJKPSTUW]?[0-9][ABD-HJLNP-UW-Z]{2}"
    r"|[A-PR-UWYZ][A-HK-Y][0-9]{1,2}[0-9ABEHMNPRVWXY]?[0-9][ABD-HJLNP-UW-Z]{2}"
    r"|[A-PR-UWYZ][0-9][A-HJKPSTUW][0-9][ABD-HJLNP-UW-Z]{2}"
    r"|[A-PR-UWYZ][A-HK-Y][0-9][ABEHMNPRVWXY][0-9][ABD-HJLNP-UW-Z]{2})$"
)
_COMPANY_NUMBER_RE = re.compile(
    r"^([0-9]{8}|(SC|NI|OC|SO|NC|R0|IP|SP|RS|NP|SL|SE|LP|FC|GE|CE|CS|ES)[0-9]{6})$"
)
_CHARITY_NUMBER_RE = re.compile(
    r"^([0-9]{6,7}(-[0-9]{1,2})?|SC0[0-9]{5}|NIC?1[0-9]{5})$"
)


def _compact(value: str) -> str:
    return re.sub(r"\s+", "", value or "").upper()


def normalise_postcode(value: str) -> str:
    """'sw1a1aa ' -> 'SW1A 1AA'; an empty value stays empty."""
    compact = _compact(value)
    if not compact:
        return ""
    return f"{compact[:-3]} {compact[-3:]}"


def validate_uk_postcode(value: str) -> None:
    if value and not _POSTCODE_RE.match(_compact(value)):
        raise ValidationError(
            _("Enter a real postcode, like SW1A 1AA"), code="postcode"
        )


def normalise_company_number(value: str) -> str:
    return _compact(value)


def validate_company_number(value: str) -> None:
    if value and not _COMPANY_NUMBER_RE.match(_compact(value)):
        raise ValidationError(
            _(
                "Enter a Companies House number in the correct format, like 01234567 or SC123456"
            ),
            code="company_number",
        )


def normalise_charity_number(value: str) -> str:
    return _compact(value)


def validate_charity_number(value: str) -> None:
    if value and not _CHARITY_NUMBER_RE.match(_compact(value)):
        raise ValidationError(
            _(
                "Enter a charity number in the correct format, like 1234567, SC012345 or NIC100001"
            ),
            code="charity_number",
        )
