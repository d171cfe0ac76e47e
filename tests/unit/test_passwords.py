"""PINs and passwords are hashed slowly and checked in constant time."""

from __future__ import annotations

from vigreview.trust.passwords import hash_secret, verify_secret


def test_right_secret_matches_and_wrong_does_not() -> None:
    stored = hash_secret("2468")
    assert verify_secret("2468", stored)
    assert not verify_secret("2469", stored)
    assert not verify_secret("", stored)


def test_the_secret_is_not_in_the_hash_and_salts_differ() -> None:
    first, second = hash_secret("2468"), hash_secret("2468")
    assert "2468" not in first
    assert first != second
    assert first.startswith("scrypt$")


def test_garbage_hashes_never_match() -> None:
    for stored in [
        "",
        "2468",
        "scrypt$x$y$z$a$b",
        "bcrypt$1$1$1$AA==$AA==",
        "scrypt$16384$8$1$%%$%%",
    ]:
        assert not verify_secret("2468", stored)
