"""Taking a person's name and email out of free text that stays."""

import pytest

from civic.models import Organisation
from civic.redaction import REMOVED, needles, redact, redact_fields
from civic.tests.factories import OrganisationFactory


def test_every_occurrence_goes_whatever_its_case():
    text = "Jo Bloggs wrote this. Contact JO BLOGGS at jo@example.com."
    assert redact(text, ["Jo Bloggs", "jo@example.com"]) == (
        f"{REMOVED} wrote this. Contact {REMOVED} at {REMOVED}."
    )


def test_the_longest_string_goes_first():
    assert redact("Jo Bloggs-Smith", ["Bloggs", "Jo Bloggs-Smith"]) == REMOVED


def test_short_strings_are_left_alone_so_words_survive():
    assert needles(["Jo", "", None, "  ", "Anna"]) == ["Anna"]
    assert redact("Joanna and Jo", ["Jo"]) == "Joanna and Jo"


def test_regular_expression_characters_are_taken_literally():
    assert redact("a+b@x.com and aab@xxcom", ["a+b@x.com"]) == (
        f"{REMOVED} and aab@xxcom"
    )


@pytest.mark.django_db
def test_redact_fields_changes_only_the_rows_that_mention_them():
    mentions = OrganisationFactory(description="Run by Jo Bloggs.")
    other = OrganisationFactory(description="Run by volunteers.")

    changed = redact_fields(Organisation.objects.all(), ["description"], ["jo bloggs"])

    assert changed == 1
    mentions.refresh_from_db()
    other.refresh_from_db()
    assert mentions.description == f"Run by {REMOVED}."
    assert other.description == "Run by volunteers."
