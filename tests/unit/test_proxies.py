"""The client's address behind reverse proxies (plain values)."""

from ipaddress import ip_network

from app.ratelimit import address_behind_proxies

LOCAL_PROXIES = (ip_network("127.0.0.1/32"), ip_network("10.0.0.0/8"))


def test_without_a_trusted_proxy_the_peer_is_the_client_whatever_it_claims():
    assert address_behind_proxies("198.51.100.4", "203.0.113.9", ()) == "198.51.100.4"


def test_a_header_from_an_untrusted_peer_is_ignored():
    assert address_behind_proxies("198.51.100.4", "203.0.113.9", LOCAL_PROXIES) == "198.51.100.4"


def test_the_address_a_trusted_proxy_received_from_is_the_client():
    assert address_behind_proxies("127.0.0.1", "203.0.113.9", LOCAL_PROXIES) == "203.0.113.9"


def test_it_walks_back_through_a_chain_of_trusted_proxies():
    chain = "203.0.113.9, 10.1.2.3"  # the phone, then the load balancer
    assert address_behind_proxies("127.0.0.1", chain, LOCAL_PROXIES) == "203.0.113.9"


def test_addresses_a_client_puts_in_front_of_its_own_are_ignored():
    spoofed = "192.0.2.77, 203.0.113.9"  # the phone sent "192.0.2.77" itself
    assert address_behind_proxies("127.0.0.1", spoofed, LOCAL_PROXIES) == "203.0.113.9"


def test_a_trusted_proxy_without_the_header_is_the_client():
    assert address_behind_proxies("127.0.0.1", None, LOCAL_PROXIES) == "127.0.0.1"
    assert address_behind_proxies("127.0.0.1", " , ", LOCAL_PROXIES) == "127.0.0.1"
