"""Audit-log labels for the lending desk's actions (registered by wagtail_hooks)."""
