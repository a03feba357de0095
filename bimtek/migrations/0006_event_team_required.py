import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("bimtek", "0005_default_team"),
    ]

    operations = [
        migrations.AlterField(
            model_name="event",
            name="team",
            field=models.ForeignKey(
                help_text="The team whose organisers manage this event and its participants' data.",
                on_delete=django.db.models.deletion.PROTECT,
                related_name="events",
                to="bimtek.team",
                verbose_name="team",
            ),
        ),
    ]
