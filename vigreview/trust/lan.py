"""Whether the app may serve on the address it is bound to.

A children's centre may serve the app to its tablets over its own network. That is only safe
once guider accounts exist: without one, anybody on the network could open every family's
records. On the machine itself (loopback) the demo may run without an account.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Mapping
from dataclasses import dataclass

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


# Environment variables a centre sets when it serves the app behind a forwarder (for HTTPS)
# or under names of its own: comma- or space-separated addresses and host names.
TRUSTED_PROXIES_ENV = "VIGREVIEW_TRUSTED_PROXIES"
ALLOWED_HOSTS_ENV = "VIGREVIEW_ALLOWED_HOSTS"


@dataclass(frozen=True)
class NetworkRules:
    """What the centre has said about its network.

    `trusted_proxies`: addresses of forwarders whose X-Forwarded-For is believed.
    `allowed_hosts`: host names and addresses (besides loopback ones) the app answers to.
    """

    trusted_proxies: frozenset[str] = frozenset()
    allowed_hosts: frozenset[str] = frozenset()


@dataclass(frozen=True)
class ClientRequest:
    """What a request says about where it came from.

    `peer`: the address of the connection itself (a forwarder's, behind one);
    `host`: the Host header; `forwarded_for`: the X-Forwarded-For header.
    """

    peer: str | None
    host: str | None = None
    forwarded_for: str | None = None


def _split_list(text: str | None) -> frozenset[str]:
    words = (text or "").replace(",", " ").split()
    return frozenset(_normalise_address(word) for word in words if word.strip())


def _normalise_address(text: str) -> str:
    return text.strip().strip("[]").lower()


def load_network_rules(environ: Mapping[str, str]) -> NetworkRules:
    """Read the centre's network rules from the environment (see the *_ENV names above)."""
    return NetworkRules(
        trusted_proxies=_split_list(environ.get(TRUSTED_PROXIES_ENV)),
        allowed_hosts=_split_list(environ.get(ALLOWED_HOSTS_ENV)),
    )


def find_client_address(request: ClientRequest, rules: NetworkRules) -> str | None:
    """Return the address of the device that made the request, or None when it can't be told.

    Only a forwarder the centre trusts may say who its client is: its X-Forwarded-For is read
    from the right (the entry it added), past any other trusted forwarders. A request that was
    forwarded by anyone else (say, a forwarder on this machine the centre has not named) has
    no known client: it may have come from anywhere.
    """
    peer = _normalise_address(request.peer) if request.peer else None
    forwarded = (request.forwarded_for or "").strip()
    if not forwarded:
        return peer
    if peer is None or peer not in rules.trusted_proxies:
        return None
    hops = [_normalise_address(hop) for hop in forwarded.split(",") if hop.strip()]
    untrusted = [hop for hop in hops if hop not in rules.trusted_proxies]
    # Every hop a trusted forwarder: the first one is the client (on a forwarder's machine).
    return untrusted[-1] if untrusted else (hops[0] if hops else None)


def host_name(host_header: str) -> str:
    """Return the name or address in a Host header, without its port."""
    text = host_header.strip().lower()
    if text.startswith("["):  # [::1]:8501
        return text[1 : text.find("]")] if "]" in text else text[1:]
    if text.count(":") == 1:  # name:8501 (a bare IPv6 address has several colons)
        text = text.split(":", 1)[0]
    return text.rstrip(".")


def is_host_allowed(request: ClientRequest, rules: NetworkRules) -> bool:
    """Return True when the Host header names this machine or a name the centre serves on.

    A request with no Host header at all is let through only from this machine: browsers
    always send one, so a page fetched through a rebound DNS name always shows itself.
    """
    if not request.host:
        return is_loopback(request.peer)
    name = host_name(request.host)
    return is_loopback(name) or name in rules.allowed_hosts


def may_try_demo(request: ClientRequest, rules: NetworkRules, bound_to: str | None) -> bool:
    """Return True when this request may use the demo without an account.

    Only from this machine, to a server that only this machine can reach.
    """
    return is_loopback(bound_to) and is_loopback(find_client_address(request, rules))


def explain_request_refusal(
    request: ClientRequest, rules: NetworkRules, bound_to: str | None, has_accounts: bool
) -> str | None:
    """Return why this request gets no page at all, or None when it may go on.

    A Host header that is not this machine's or the centre's is refused always (DNS
    rebinding). Without an account, only this machine may use the app: the server must be
    bound to loopback and the client (behind a trusted forwarder, the forwarded one) too.
    """
    if not is_host_allowed(request, rules):
        shown = host_name(request.host or "")
        return (
            f"VIG Review does not answer to the name {shown}. If this centre serves it under "
            f"that name, add it to {ALLOWED_HOSTS_ENV} where the app is started."
        )
    if has_accounts:
        return None
    bound_reason = explain_refusal(bound_to, has_accounts=False)
    if bound_reason is not None:
        return bound_reason
    if may_try_demo(request, rules, bound_to):
        return None
    client = find_client_address(request, rules)
    return (
        f"This device ({client or 'behind a forwarder'}) reached VIG Review over the network, "
        "but no guider account has been made yet. Without an account anyone on the network "
        "could open every family's records, so the app will not show them. Create the first "
        "guider account on the machine VIG Review runs on, then sign in here."
    )
