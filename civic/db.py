"""Database helpers shared by the feature apps."""

from django.db import migrations


class PostgreSQLOnlySQL(migrations.RunSQL):
    """SQL only PostgreSQL understands: exclusion constraints, date arithmetic.

    Production and CI run PostgreSQL, where these constraints are the last line
    of defence behind the services' row locks. The embedded SQLite default
    (a developer's laptop) skips them; the services still check the same rules.
    """

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_backwards(app_label, schema_editor, from_state, to_state)
