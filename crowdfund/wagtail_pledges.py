"""City Hall pledges in the Wagtail admin."""
