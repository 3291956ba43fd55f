"""Voting rounds and topics in the Wagtail admin."""
