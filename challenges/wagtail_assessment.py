"""Assessment, panel decisions and pilots in the Wagtail admin."""
