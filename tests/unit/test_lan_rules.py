"""Network checks that look at the client and the Host header (issue 17, finding 4)."""

from __future__ import annotations

import pytest

from vigreview.trust.lan import (
    ALLOWED_HOSTS_ENV,
    TRUSTED_PROXIES_ENV,
    ClientRequest,
    NetworkRules,
    explain_request_refusal,
    find_client_address,
    host_name,
    is_host_allowed,
    load_network_rules,
    may_try_demo,
)

BEHIND_LOCAL_FORWARDER = NetworkRules(trusted_proxies=frozenset({"127.0.0.1"}))


def test_a_forwarded_network_client_behind_a_loopback_forwarder_gets_no_demo() -> None:
    # The app on 127.0.0.1, a forwarder for HTTPS on the same machine, a tablet on the network.
    request = ClientRequest("127.0.0.1", "localhost:8501", "192.168.1.50")
    for rules in (NetworkRules(), BEHIND_LOCAL_FORWARDER):
        assert not may_try_demo(request, rules, "127.0.0.1")
        reason = explain_request_refusal(request, rules, "127.0.0.1", has_accounts=False)
        assert reason is not None and "no guider account" in reason
    assert find_client_address(request, BEHIND_LOCAL_FORWARDER) == "192.168.1.50"
    assert find_client_address(request, NetworkRules()) is None  # forwarded by whom? unknown


def test_a_client_on_this_machine_may_try_the_demo() -> None:
    direct = ClientRequest("127.0.0.1", "localhost:8501")
    assert may_try_demo(direct, NetworkRules(), "127.0.0.1")
    assert explain_request_refusal(direct, NetworkRules(), "127.0.0.1", False) is None
    forwarded = ClientRequest("127.0.0.1", "localhost", "127.0.0.1")
    assert may_try_demo(forwarded, BEHIND_LOCAL_FORWARDER, "127.0.0.1")


def test_a_forwarded_header_from_an_untrusted_client_is_ignored() -> None:
    spoofed = ClientRequest("192.168.1.50", "localhost", "127.0.0.1")
    assert find_client_address(spoofed, BEHIND_LOCAL_FORWARDER) is None
    assert not may_try_demo(spoofed, BEHIND_LOCAL_FORWARDER, "127.0.0.1")
    # The forwarder's own entry is the rightmost: whatever the client put before it is not read.
    chained = ClientRequest("127.0.0.1", "localhost", "127.0.0.1, 192.168.1.50")
    assert find_client_address(chained, BEHIND_LOCAL_FORWARDER) == "192.168.1.50"


def test_a_server_bound_to_the_network_offers_no_demo_even_to_this_machine() -> None:
    direct = ClientRequest("127.0.0.1", "localhost:8501")
    assert not may_try_demo(direct, NetworkRules(), "0.0.0.0")
    assert explain_request_refusal(direct, NetworkRules(), "0.0.0.0", False) is not None
    assert explain_request_refusal(direct, NetworkRules(), "0.0.0.0", True) is None


@pytest.mark.parametrize("host", ["evil.example", "evil.example:8501", "192.168.1.50:8501"])
def test_a_host_not_on_the_allow_list_is_refused_even_with_accounts(host: str) -> None:
    request = ClientRequest("127.0.0.1", host)
    assert not is_host_allowed(request, NetworkRules())
    reason = explain_request_refusal(request, NetworkRules(), "127.0.0.1", has_accounts=True)
    assert reason is not None and ALLOWED_HOSTS_ENV in reason


@pytest.mark.parametrize(
    "host", ["localhost", "LOCALHOST:8501", "127.0.0.1:8501", "[::1]:8501", "vig.centre.lan"]
)
def test_loopback_names_and_the_centres_names_are_allowed(host: str) -> None:
    rules = load_network_rules({ALLOWED_HOSTS_ENV: "vig.centre.lan, 192.168.1.10"})
    assert is_host_allowed(ClientRequest("192.168.1.50", host), rules)


def test_no_host_header_is_allowed_only_from_this_machine() -> None:
    assert is_host_allowed(ClientRequest("127.0.0.1"), NetworkRules())
    assert not is_host_allowed(ClientRequest("192.168.1.50"), NetworkRules())


def test_rules_read_from_the_environment() -> None:
    rules = load_network_rules({TRUSTED_PROXIES_ENV: "127.0.0.1 [::1]", ALLOWED_HOSTS_ENV: ""})
    assert rules.trusted_proxies == {"127.0.0.1", "::1"}
    assert rules.allowed_hosts == frozenset()
    assert host_name("[fe80::1]:8501") == "fe80::1" and host_name("Centre.LAN.:80") == "centre.lan"
