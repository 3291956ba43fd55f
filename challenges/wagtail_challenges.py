"""Programmes, themes and challenges in the Wagtail admin."""
