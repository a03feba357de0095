"""The door's models move to the checkin app (docs/architecture.md): only
Django's idea of which app owns them changes; the tables stay as they are."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("participants", "0005_offline_conflicts_roster_syncs"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.RemoveField(
                    model_name="checkinconflict",
                    name="checkin",
                ),
                migrations.RemoveField(
                    model_name="checkinconflict",
                    name="other_staff",
                ),
                migrations.RemoveField(
                    model_name="checkinconflict",
                    name="registration",
                ),
                migrations.RemoveField(
                    model_name="checkinconflict",
                    name="reviewed_by",
                ),
                migrations.RemoveField(
                    model_name="checkinconflict",
                    name="scan",
                ),
                migrations.RemoveField(
                    model_name="checkinconflict",
                    name="session",
                ),
                migrations.RemoveField(
                    model_name="checkinconflict",
                    name="staff",
                ),
                migrations.RemoveField(
                    model_name="checkinwindowoverride",
                    name="granted_by",
                ),
                migrations.RemoveField(
                    model_name="checkinwindowoverride",
                    name="session",
                ),
                migrations.RemoveField(
                    model_name="doordevice",
                    name="user",
                ),
                migrations.RemoveField(
                    model_name="doorrostersync",
                    name="event",
                ),
                migrations.RemoveField(
                    model_name="doorrostersync",
                    name="staff",
                ),
                migrations.RemoveField(
                    model_name="scanlog",
                    name="registration",
                ),
                migrations.RemoveField(
                    model_name="scanlog",
                    name="session",
                ),
                migrations.RemoveField(
                    model_name="scanlog",
                    name="staff",
                ),
                migrations.DeleteModel(
                    name="CheckIn",
                ),
                migrations.DeleteModel(
                    name="CheckInConflict",
                ),
                migrations.DeleteModel(
                    name="CheckInWindowOverride",
                ),
                migrations.DeleteModel(
                    name="DoorDevice",
                ),
                migrations.DeleteModel(
                    name="DoorRosterSync",
                ),
                migrations.DeleteModel(
                    name="ScanLog",
                ),
            ],
        ),
    ]
