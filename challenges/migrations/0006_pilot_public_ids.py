"""Pilots get a random public id for their web address (emailed to the
startup), so an address says nothing about how many pilots there are.

Three steps, as a unique field with a callable default needs: add it empty,
give every existing pilot its own id, then make it required and unique."""

import uuid

from django.db import migrations, models


def give_each_pilot_an_id(apps, schema_editor):
    Pilot = apps.get_model("challenges", "Pilot")
    for pilot in Pilot.objects.filter(public_id__isnull=True).only("pk").iterator():
        pilot.public_id = uuid.uuid4()
        pilot.save(update_fields=["public_id"])


class Migration(migrations.Migration):
    dependencies = [
        ("challenges", "0005_nullable_people_for_erasure"),
    ]

    operations = [
        migrations.AddField(
            model_name="pilot",
            name="public_id",
            field=models.UUIDField(editable=False, null=True),
        ),
        migrations.RunPython(give_each_pilot_an_id, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="pilot",
            name="public_id",
            field=models.UUIDField(default=uuid.uuid4, editable=False, unique=True),
        ),
    ]
