"""Reference data every install starts with: the institution categories of the
design brief. Data, not code: an install may rename them or add its own."""

DEFAULT_CATEGORIES = [
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

# Whose people are, by and large, civil servants (PNS/PPPK): an invitation's
# delegate form starts at PNS for them. FKPD (TNI, Polri, the courts) and
# DPRD (elected members) are mixed, so they start at "not a civil servant".
ASN_CATEGORIES = {"opd", "kecamatan-kelurahan"}


def ensure_institution_categories(category_model) -> int:
    """Create the default categories when there are none at all (a new
    database, or one emptied by `flush`); never touch an install's own edits."""
    if category_model.objects.exists():
        return 0
    category_model.objects.bulk_create(
        category_model(
            code=code,
            name=name,
            name_en=name_en,
            sort_order=order * 10,
            staff_are_asn=code in ASN_CATEGORIES,
        )
        for order, (code, name, name_en) in enumerate(DEFAULT_CATEGORIES, start=1)
    )
    return len(DEFAULT_CATEGORIES)
