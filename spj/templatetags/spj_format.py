from django import template

from spj import money

register = template.Library()


@register.filter
def rupiah(value) -> str:
    """1250000 → "Rp1.250.000"; empty stays empty."""
    if value is None or value == "":
        return ""
    return money.rupiah(value)
