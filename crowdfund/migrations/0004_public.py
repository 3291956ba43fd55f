"""A GIN index for the browse page's full-text search, on PostgreSQL only.

The index is on the same weighted, English-configured search vector that
``crowdfund.selectors._search_postgres`` builds, so PostgreSQL answers
``vector @@ query`` from the index instead of computing every project's
vector. SQLite (development, tests) has no GIN indexes and searches with
``icontains``, so this does nothing there. The index is not in the model's
Meta (Meta indexes would be created on SQLite too); this migration owns it.
"""

from django.db import migrations

INDEX_NAME = "crowdfund_project_search"


def _index():
    from django.contrib.postgres.indexes import GinIndex
    from django.contrib.postgres.search import SearchVector

    return GinIndex(
        SearchVector("title", weight="A", config="english")
        + SearchVector("summary", weight="B", config="english")
        + SearchVector("description", weight="C", config="english"),
        name=INDEX_NAME,
    )


def add_search_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.add_index(apps.get_model("crowdfund", "Project"), _index())


def remove_search_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.remove_index(apps.get_model("crowdfund", "Project"), _index())


class Migration(migrations.Migration):
    dependencies = [("crowdfund", "0003_pledges")]

    operations = [migrations.RunPython(add_search_index, remove_search_index)]
