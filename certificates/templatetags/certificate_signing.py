"""Template tags of electronic signatures (docs/tte.md)."""

from django import template

from certificates.signing import config

register = template.Library()


@register.simple_tag
def signing_enabled() -> bool:
    """Whether certificates are signed (a signer is configured)."""
    return config.signing_enabled()
