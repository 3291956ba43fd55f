"""Pledges get a random public id for their web addresses (emailed to the
backer), so an address says nothing about how many pledges there are.

Three steps, as a unique field with a callable default needs: add it empty,
give every existing pledge its own id, then make it required and unique."""

import uuid

from django.db import migrations, models


def give_each_pledge_an_id(apps, schema_editor):
    Pledge = apps.get_model("crowdfund", "Pledge")
    batch = []
    for pledge in Pledge.objects.filter(public_id__isnull=True).only("pk").iterator():
        pledge.public_id = uuid.uuid4()
        batch.append(pledge)
        if len(batch) == 2000:
            Pledge.objects.bulk_update(batch, ["public_id"])
            batch = []
    if batch:
        Pledge.objects.bulk_update(batch, ["public_id"])


class Migration(migrations.Migration):
    dependencies = [
        ("crowdfund", "0005_backers_and_creators_survive_account_deletion"),
    ]

    operations = [
        migrations.AddField(
            model_name="pledge",
            name="public_id",
            field=models.UUIDField(editable=False, null=True),
        ),
        migrations.RunPython(give_each_pledge_an_id, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="pledge",
            name="public_id",
            field=models.UUIDField(default=uuid.uuid4, editable=False, unique=True),
        ),
    ]
