#!/usr/bin/env python
import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "civic.settings")
    if "DEBUG" not in os.environ and "SECRET_KEY" not in os.environ:
        # Nothing configured at all: this is a developer's checkout, not a
        # deployment (every deployment sets SECRET_KEY, and the web server and
        # Celery start through civic.wsgi / civic.celery, which stay strict).
        # Without this, Django would hide the missing SECRET_KEY behind a
        # confusing "Models aren't loaded yet".
        os.environ["DEBUG"] = "1"
        sys.stderr.write(
            "manage.py: neither DEBUG nor SECRET_KEY is set; "
            "using local development settings (DEBUG=1).\n"
        )
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
