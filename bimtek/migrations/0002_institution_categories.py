"""The institution categories of the design brief. Data, not code: an install
may rename them or add its own in the admin."""

from django.db import migrations

CATEGORIES = [
    # code, name (Bahasa Indonesia), name (English)
    ("fkpd", "FKPD", "FKPD (regional leadership forum)"),
    ("opd", "OPD", "OPD (regional government office)"),
    ("dprd", "DPRD", "DPRD (regional parliament)"),
    ("kecamatan-kelurahan", "Kecamatan/Kelurahan", "District/Sub-district"),
    ("perbankan", "Perbankan", "Banking"),
    ("bumn-bumd", "BUMN/BUMD", "State/regional enterprise"),
    ("perguruan-tinggi", "Perguruan Tinggi", "University"),
    ("swasta", "Swasta", "Private sector"),
    ("komunitas", "Komunitas", "Community"),
    ("lainnya", "Lainnya", "Other"),
]


def create_categories(apps, schema_editor):
    InstitutionCategory = apps.get_model("bimtek", "InstitutionCategory")
    for order, (code, name, name_en) in enumerate(CATEGORIES, start=1):
        InstitutionCategory.objects.update_or_create(
            code=code, defaults={"name": name, "name_en": name_en, "sort_order": order * 10}
        )


class Migration(migrations.Migration):
    dependencies = [("bimtek", "0001_initial")]

    operations = [migrations.RunPython(create_categories, migrations.RunPython.noop)]
