"""Whether the app may serve on the address it is bound to.

A children's centre may serve the app to its tablets over its own network. That is only safe
once guider accounts exist: without one, anybody on the network could open every family's
records. On the machine itself (loopback) the demo may run without an account.
"""

from __future__ import annotations

import ipaddress

# Names that only ever reach the machine itself.
_LOOPBACK_NAMES = frozenset({"localhost", "localhost.localdomain", "ip6-localhost"})


def is_loopback(address: str | None) -> bool:
    """Return True when `address` only accepts connections from this machine.

    No address (or an empty one) means "every interface" to the server, so it is not loopback.
    """
    if address is None:
        return False
    text = address.strip().strip("[]").lower()
    if not text:
        return False
    if text in _LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(text).is_loopback
    except ValueError:
        # A host name other than localhost may resolve to a network address: treat it as one.
        return False


def explain_refusal(address: str | None, has_accounts: bool) -> str | None:
    """Return why the app will not serve family data on `address`, or None when it may."""
    if has_accounts or is_loopback(address):
        return None
    shown = address.strip() if address and address.strip() else "every network address"
    return (
        f"VIG Review is listening on {shown}, so other devices on the network can reach it, "
        "but no guider account has been made yet. Without an account anyone on the network "
        "could open every family's records, so the app will not show them. "
        "Start it on this machine only (./scripts/run-app.sh), create the first guider account "
        "there, and then start the network mode again (./scripts/serve-lan.sh)."
    )
