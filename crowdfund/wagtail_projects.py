"""Funding rounds, themes and project review in the Wagtail admin."""
