"""Speakers' personal data encrypted at rest with Fernet (AES-128-CBC and
HMAC-SHA256, from ``cryptography``). Keys: SPJ_ENCRYPTION_KEYS (the first
encrypts, each decrypts: rotation), or one derived from SECRET_KEY."""

import base64
import functools

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings
from django.db import models


@functools.cache
def _fernet(keys: tuple[str, ...], secret: str) -> MultiFernet:
    if not keys:
        derived = HKDF(
            algorithm=hashes.SHA256(), length=32, salt=None, info=b"bimtek-spj-personal-data"
        ).derive(secret.encode())
        keys = (base64.urlsafe_b64encode(derived).decode(),)
    return MultiFernet([Fernet(key.encode()) for key in keys])


def fernet() -> MultiFernet:
    return _fernet(tuple(settings.SPJ_ENCRYPTION_KEYS), settings.SECRET_KEY)


def encrypt(text: str) -> str:
    if not text:
        return ""
    return fernet().encrypt(text.encode()).decode()


def decrypt(token: str) -> str:
    """The text, or "" when no key decrypts it (a lost key reads as erased,
    never as a 500)."""
    if not token:
        return ""
    try:
        return fernet().decrypt(token.encode()).decode()
    except InvalidToken:
        return ""


class EncryptedTextField(models.TextField):
    """A text stored as a Fernet token; Python sees the plain text. Not
    searchable or sortable (each token is different)."""

    def from_db_value(self, value, expression, connection):
        return decrypt(value) if value else ""

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        return encrypt(value) if value else ""
