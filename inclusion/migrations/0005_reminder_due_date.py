"""A reminder belongs to the due date it was about, so that an extended loan
is reminded again 3 days before its new due date, still once per date."""

from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def fill_due_dates(apps, schema_editor):
    LoanReminder = apps.get_model("inclusion", "LoanReminder")
    Loan = apps.get_model("inclusion", "Loan")
    LoanReminder.objects.filter(due_on__isnull=True).update(
        due_on=Subquery(Loan.objects.filter(pk=OuterRef("loan_id")).values("due_on"))
    )


class Migration(migrations.Migration):
    dependencies = [
        ("inclusion", "0004_erasure"),
    ]

    operations = [
        migrations.AddField(
            model_name="loanreminder",
            name="due_on",
            field=models.DateField(null=True, verbose_name="due date reminded of"),
        ),
        migrations.RunPython(fill_due_dates, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="loanreminder",
            name="due_on",
            field=models.DateField(verbose_name="due date reminded of"),
        ),
        migrations.RemoveConstraint(
            model_name="loanreminder",
            name="inclusion_reminder_once_per_kind",
        ),
        migrations.AddConstraint(
            model_name="loanreminder",
            constraint=models.UniqueConstraint(
                fields=("loan", "kind", "due_on"),
                name="inclusion_reminder_once_per_kind_and_due_date",
            ),
        ),
    ]
