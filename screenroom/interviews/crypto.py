"""Encryption at rest for AI provider keys (Fernet: AES-128-CBC with an HMAC-SHA256).

The key is `settings.ENCRYPTION_KEY` when set, else derived from SECRET_KEY. Either way it passes
through HKDF with a purpose label, so the same secret used elsewhere yields an unrelated key here.
Rotating: put the new secret in ENCRYPTION_KEY and the old one first in ENCRYPTION_KEY_FALLBACKS
(comma-separated) until every organization has saved its key again.
"""

from __future__ import annotations

import base64
from functools import cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings

PURPOSE = b"screenroom.interviews.provider-keys.v1"


class DecryptionError(ValueError):
    """A stored secret cannot be read with the configured keys."""


def _derive(secret: str) -> Fernet:
    raw = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=PURPOSE).derive(secret.encode())
    return Fernet(base64.urlsafe_b64encode(raw))


@cache
def _fernet(primary: str, fallbacks: tuple[str, ...]) -> MultiFernet:
    return MultiFernet([_derive(primary), *(_derive(s) for s in fallbacks)])


def _current() -> MultiFernet:
    primary = getattr(settings, "ENCRYPTION_KEY", "") or settings.SECRET_KEY
    fallbacks = tuple(getattr(settings, "ENCRYPTION_KEY_FALLBACKS", ()) or ())
    return _fernet(primary, fallbacks)


def encrypt(plaintext: str) -> str:
    return _current().encrypt(plaintext.encode()).decode()


def decrypt(token: str) -> str:
    try:
        return _current().decrypt(token.encode()).decode()
    except InvalidToken:
        raise DecryptionError(
            "The stored API key cannot be decrypted: ENCRYPTION_KEY (or SECRET_KEY) changed since it "
            "was saved. Enter the key again in the AI provider settings."
        ) from None
