"""Hashing PINs and passwords with a slow hash (scrypt); nothing is ever stored in clear."""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets

# scrypt cost: about 50 ms here, slow enough to make guessing a 4-6 digit PIN from a stolen
# file expensive, quick enough for a tablet.
_N, _R, _P = 2**14, 8, 1
_PREFIX = "scrypt"


def hash_secret(secret: str) -> str:
    """Return a self-describing salted scrypt hash of `secret`."""
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(secret.encode("utf-8"), salt=salt, n=_N, r=_R, p=_P, dklen=32)
    parts = [_PREFIX, str(_N), str(_R), str(_P), _b64(salt), _b64(digest)]
    return "$".join(parts)


def verify_secret(secret: str, stored: str) -> bool:
    """Return True when `secret` matches a hash made by `hash_secret`; False for anything else."""
    try:
        prefix, n, r, p, salt, digest = stored.split("$")
        if prefix != _PREFIX:
            return False
        expected = base64.b64decode(digest)
        actual = hashlib.scrypt(
            secret.encode("utf-8"),
            salt=base64.b64decode(salt),
            n=int(n),
            r=int(r),
            p=int(p),
            dklen=len(expected),
        )
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(actual, expected)


def _b64(raw: bytes) -> str:
    return base64.b64encode(raw).decode("ascii")
