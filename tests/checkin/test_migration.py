"""The door's models moved from participants to checkin without moving data:
rows, tables and the permissions granted on them survive the migration."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("participants", "0005_offline_conflicts_roster_syncs"), ("checkin", None)]


def _executor() -> MigrationExecutor:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    return executor


@pytest.mark.django_db(transaction=True)
def test_moving_the_door_models_keeps_rows_and_group_permissions():
    executor = _executor()
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE[:1]).apps
    content_type = old.get_model("contenttypes", "ContentType")
    permission = old.get_model("auth", "Permission")
    group = old.get_model("auth", "Group")
    # A database from before the move: the door's content types are participants'.
    content_type.objects.filter(app_label="checkin").delete()
    scanlog_type, _created = content_type.objects.get_or_create(
        app_label="participants", model="scanlog"
    )
    view_scanlog, _created = permission.objects.get_or_create(
        content_type=scanlog_type, codename="view_scanlog", defaults={"name": "Can view"}
    )
    auditors = group.objects.create(name="Auditors")
    auditors.permissions.add(view_scanlog)
    device = old.get_model("participants", "DoorDevice")
    user = old.get_model("accounts", "User").objects.create(email="petugas@example.org")
    device.objects.create(user=user, name="Pintu 1", key_hash="a" * 64, key_prefix="bmtd_a")

    executor = _executor()
    executor.migrate(executor.loader.graph.leaf_nodes())

    from django.contrib.auth.models import Group

    from checkin.models import DoorDevice

    assert list(DoorDevice.objects.values_list("name", flat=True)) == ["Pintu 1"]
    granted = Group.objects.get(name="Auditors").permissions.get()
    assert (granted.content_type.app_label, granted.codename) == ("checkin", "view_scanlog")
    assert DoorDevice._meta.db_table in connection.introspection.table_names()
