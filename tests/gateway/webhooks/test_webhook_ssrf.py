"""SSRF: which addresses and URLs webhooks may reach, before and after resolution."""

from __future__ import annotations

import ipaddress

import pytest

from gateway.webhooks.ssrf import AddressRefused, DnsError, UrlRejected, parse_url, pin, refusal, resolve

ip = ipaddress.ip_address


@pytest.mark.parametrize("address, reason", [
    ("127.0.0.1", "loopback"), ("127.8.9.10", "loopback"), ("::1", "loopback"),
    ("169.254.169.254", "link-local"), ("fe80::1", "link-local"),
    ("10.1.2.3", "private"), ("172.16.0.1", "private"), ("172.31.255.255", "private"), ("192.168.1.1", "private"),
    ("fc00::1", "private"), ("fd12:3456::1", "private"), ("fec0::1", "private"),
    ("224.0.0.1", "multicast"), ("239.255.255.250", "multicast"), ("ff02::1", "multicast"),
    ("0.0.0.0", "unspecified"), ("::", "unspecified"),
    ("240.0.0.1", "reserved"),
    ("100.64.0.1", "non-global"),  # carrier-grade NAT
    ("192.0.2.1", "private"),  # documentation
    # IPv4 carried in IPv6 is judged as the IPv4 address:
    ("::ffff:127.0.0.1", "loopback"), ("::ffff:10.0.0.1", "private"), ("::ffff:169.254.169.254", "link-local"),
    ("64:ff9b::a00:1", "private"),  # NAT64 of 10.0.0.1
    ("2002:a9fe:a9fe::1", "link-local"),  # 6to4 of 169.254.169.254
])
def test_forbidden_addresses(address, reason):
    assert refusal(ip(address)) == reason


@pytest.mark.parametrize("address", ["93.184.215.14", "2606:2800:21f:cb07:6820:80da:af6b:8b2c", "::ffff:93.184.215.14",
                                     "8.8.8.8"])
def test_public_addresses_are_allowed(address):
    assert refusal(ip(address)) is None


def test_the_loopback_allowance_admits_loopback_only():
    for address in ("127.0.0.1", "::1", "::ffff:127.0.0.1"):
        assert refusal(ip(address), allow_loopback=True) is None
    for address in ("10.0.0.1", "169.254.169.254", "0.0.0.0", "64:ff9b::7f00:1"):
        assert refusal(ip(address), allow_loopback=True) is not None


@pytest.mark.parametrize("url, allow, message", [
    ("http://hooks.example.org/x", False, "https"),
    ("http://hooks.example.org/x", True, "https"),  # http only to loopback, even when loopback is allowed
    ("ftp://hooks.example.org/x", False, "https"),
    ("https://user:pw@hooks.example.org/x", False, "credentials"),
    ("https://hooks.example.org/x#frag", False, "fragment"),
    ("https://10.0.0.5/hook", False, "private"),
    ("https://[::ffff:169.254.169.254]/latest/meta-data", False, "link-local"),
    ("https://127.0.0.1:8443/hook", False, "loopback"),
    ("http://127.0.0.1:8080/hook", False, "loopback"),
    ("/relative", False, "https"),
    ("https://" + "a" * 2100 + ".org/", False, "2048"),
    ("https://exa mple.org/", False, "valid"),
])
def test_urls_refused_at_subscription_time(url, allow, message):
    with pytest.raises(UrlRejected, match=message):
        parse_url(url, allow)


def test_urls_accepted():
    t = parse_url("https://Hooks.Example.org/in?x=1&y=2", False)
    assert (t.scheme, t.host, t.port, t.target, t.host_header) == ("https", "hooks.example.org", 443, "/in?x=1&y=2",
                                                                   "hooks.example.org")
    t = parse_url("http://127.0.0.1:8080/hook", True)
    assert t.host_header == "127.0.0.1:8080" and t.pinned_url(ip("127.0.0.1")) == "http://127.0.0.1:8080/hook"
    assert parse_url("https://[2606:2800::1]:8443/h", False).pinned_url(ip("2606:2800::1")) == \
        "https://[2606:2800::1]:8443/h"
    assert parse_url("https://bücher.example/h", False).host == "xn--bcher-kva.example"


def fake_dns(*answers: str):
    calls: list[str] = []

    async def resolver(host: str, port: int):
        calls.append(host)
        return [ip(a) for a in answers]

    resolver.calls = calls
    return resolver


async def test_pin_returns_the_checked_address():
    resolver = fake_dns("93.184.215.14")
    assert await pin(parse_url("https://hooks.example.org/x", False), False, resolver) == ip("93.184.215.14")
    assert resolver.calls == ["hooks.example.org"]


async def test_a_name_resolving_to_any_forbidden_address_is_refused():
    target = parse_url("https://rebind.example.org/x", False)
    for answers in (("10.0.0.1",), ("93.184.215.14", "169.254.169.254"), ("::ffff:127.0.0.1",)):
        with pytest.raises(AddressRefused):
            await pin(target, False, fake_dns(*answers))


async def test_http_to_a_name_must_resolve_to_loopback_only():
    target = parse_url("http://localhost:8080/x", True)
    assert await pin(target, True, fake_dns("127.0.0.1")) == ip("127.0.0.1")
    with pytest.raises(AddressRefused):
        await pin(target, False, fake_dns("127.0.0.1"))


async def test_the_real_resolver_answers_literals_and_fails_cleanly():
    assert await resolve("127.0.0.1", 80) == [ip("127.0.0.1")]
    with pytest.raises(DnsError):
        await resolve("no-such-host.invalid", 443)
