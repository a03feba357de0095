"""Accounts with no name of their own take their person's name: the
navigation showed the local part of the e-mail address instead."""

from django.db import migrations


def name_accounts(apps, schema_editor):
    participant = apps.get_model("participants", "Participant")
    user = apps.get_model("accounts", "User")
    limit = user._meta.get_field("display_name").max_length
    people = participant.objects.filter(user__isnull=False, user__display_name="").values_list(
        "user_id", "full_name"
    )
    for user_id, full_name in people.iterator():
        user.objects.filter(pk=user_id, display_name="").update(display_name=full_name[:limit])


class Migration(migrations.Migration):
    dependencies = [
        ("participants", "0006_door_models_move_to_checkin"),
        ("accounts", "0001_initial"),
    ]

    operations = [migrations.RunPython(name_accounts, migrations.RunPython.noop)]
