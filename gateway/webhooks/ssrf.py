"""Server-side request forgery: where a webhook may and may not go.

A subscriber chooses the URL, and the gateway sits inside the hub's network,
so a URL must never make the gateway talk to the hub itself or its
neighbours. Every attempt resolves the host (``getaddrinfo``, which asyncio
runs in a worker thread, off the event loop), refuses the attempt if *any*
address is loopback, link-local (169.254.0.0/16, fe80::/10), private
(RFC 1918, fc00::/7), multicast, unspecified, reserved or otherwise not
globally routable (IPv4 addresses embedded in IPv6, such as
``::ffff:10.0.0.1``, are judged as the IPv4 address they carry), and then
connects to the address it checked: the request goes to that IP, with the
original ``Host`` header and TLS server name, so a DNS answer that changes
between check and connect (rebinding) cannot redirect it.

``allow_loopback`` (``HUB_WEBHOOK_ALLOW_LOOPBACK``, the embedded profile
only) admits loopback addresses, and ``http`` to them, so a partner can try a
receiver on 127.0.0.1. It is off in production.
"""

from __future__ import annotations

import asyncio
import ipaddress
import re
import socket
from dataclasses import dataclass

import httpx

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address

MAX_URL_LENGTH = 2048
_NAT64 = (ipaddress.ip_network("64:ff9b::/96"), ipaddress.ip_network("64:ff9b:1::/48"))
_SITE_LOCAL = ipaddress.ip_network("fec0::/10")
_HOST_NAME = re.compile(r"[a-z0-9_-]+(\.[a-z0-9_-]+)*\.?")


class UrlRejected(ValueError):
    """A subscription URL the gateway will not deliver to (scheme, form, or a forbidden literal address)."""


class AddressRefused(Exception):
    """The host resolves to an address webhooks must not reach."""


class DnsError(Exception):
    """The host does not resolve (now)."""


@dataclass(frozen=True)
class Target:
    """A parsed webhook URL: what to connect to once an address is chosen."""

    scheme: str
    #: The host as sent in ``Host`` and as the TLS server name (IDNA ASCII; an IPv6 literal without brackets).
    host: str
    port: int
    #: Path and query, exactly as given.
    target: str

    @property
    def host_header(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        default = 443 if self.scheme == "https" else 80
        return host if self.port == default else f"{host}:{self.port}"

    @property
    def literal(self) -> IPAddress | None:
        try:
            return ipaddress.ip_address(self.host)
        except ValueError:
            return None

    def pinned_url(self, address: IPAddress) -> str:
        host = f"[{address}]" if address.version == 6 else str(address)
        return f"{self.scheme}://{host}:{self.port}{self.target}"


def parse_url(url: str, allow_loopback: bool) -> Target:
    """Check a webhook URL's form; UrlRejected says why it cannot be used.

    https is required; http only to a loopback host when loopback is allowed.
    No credentials in the URL, no fragment. A literal address is judged here
    already; a host name is judged on every attempt, after resolution.
    """
    if not isinstance(url, str) or not url or len(url) > MAX_URL_LENGTH:
        raise UrlRejected(f"must be an absolute URL of at most {MAX_URL_LENGTH} characters")
    try:
        parsed = httpx.URL(url)
        host = parsed.raw_host.decode("ascii")
        port = parsed.port
    except (httpx.InvalidURL, UnicodeError, ValueError):
        raise UrlRejected("is not a valid URL") from None
    if parsed.scheme not in ("https", "http") or not host:
        raise UrlRejected("must be an https URL with a host")
    if parsed.userinfo:
        raise UrlRejected("must not carry credentials; authenticate deliveries by their signature")
    if parsed.fragment:
        raise UrlRejected("must not have a fragment")
    target = Target(parsed.scheme, host.lower(), port or (443 if parsed.scheme == "https" else 80),
                    parsed.raw_path.decode("ascii"))
    literal = target.literal
    if literal is None and not _HOST_NAME.fullmatch(target.host):
        raise UrlRejected("is not a valid URL")
    if literal is not None:
        reason = refusal(literal, allow_loopback)
        if reason:
            raise UrlRejected(f"points at a {reason} address, which webhooks may not reach")
    if target.scheme == "http" and not (allow_loopback and _loopback_name(target)):
        raise UrlRejected("must use https" + ("" if allow_loopback else
                                              " (http only to loopback, in the embedded profile)"))
    return target


def _loopback_name(target: Target) -> bool:
    literal = target.literal
    return target.host == "localhost" or (literal is not None and _unwrap_mapped(literal).is_loopback)


def _unwrap_mapped(ip: IPAddress) -> IPAddress:
    return ip.ipv4_mapped if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped else ip


def _embedded_ipv4(ip: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    """The IPv4 address a translation or tunnelling prefix carries (NAT64, 6to4, Teredo)."""
    if any(ip in net for net in _NAT64):
        return ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    if ip.sixtofour is not None:
        return ip.sixtofour
    if ip.teredo is not None:
        return ip.teredo[1]
    return None


def refusal(ip: IPAddress, allow_loopback: bool = False) -> str | None:
    """Why webhooks must not reach ``ip`` (e.g. "private"), or None when they may."""
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped is not None:  # ::ffff:a.b.c.d reaches a.b.c.d itself
            return refusal(ip.ipv4_mapped, allow_loopback)
        inner = _embedded_ipv4(ip)
        if inner is not None:  # reaches a.b.c.d through a gateway or relay: never loopback
            reason = refusal(inner, allow_loopback=False)
            if reason:
                return reason
    if ip.is_loopback:
        return None if allow_loopback else "loopback"
    if ip.is_unspecified:
        return "unspecified"
    if ip.is_link_local:
        return "link-local"
    if ip.is_multicast:
        return "multicast"
    if ip.is_reserved:
        return "reserved"
    if ip.is_private or (isinstance(ip, ipaddress.IPv6Address) and ip in _SITE_LOCAL):
        return "private"
    if not ip.is_global:
        return "non-global"
    return None


async def resolve(host: str, port: int) -> list[IPAddress]:
    """The host's addresses, in the resolver's order (DnsError if none)."""
    loop = asyncio.get_running_loop()
    try:
        infos = await loop.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise DnsError(f"{host} does not resolve ({type(exc).__name__})") from None
    out: list[IPAddress] = []
    for family, *_rest, sockaddr in infos:
        if family in (socket.AF_INET, socket.AF_INET6):
            ip = ipaddress.ip_address(sockaddr[0].split("%", 1)[0])  # drop an IPv6 zone id
            if ip not in out:
                out.append(ip)
    if not out:
        raise DnsError(f"{host} has no IPv4 or IPv6 address")
    return out


async def pin(target: Target, allow_loopback: bool, resolver=resolve) -> IPAddress:
    """Resolve ``target``'s host and return the address to connect to.

    AddressRefused if any address is forbidden (a name that resolves to a
    public and a private address is refused whole: the next answer could
    put the private one first); http only to loopback.
    """
    addresses = await resolver(target.host, target.port)
    for ip in addresses:
        reason = refusal(ip, allow_loopback)
        if reason:
            raise AddressRefused(f"{target.host} resolves to a {reason} address")
    if target.scheme == "http" and not all(_unwrap_mapped(ip).is_loopback for ip in addresses):
        raise AddressRefused("http is allowed to loopback addresses only")
    return addresses[0]
