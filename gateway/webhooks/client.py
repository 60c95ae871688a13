"""One delivery attempt: resolve, check, pin, sign, POST, and report what happened.

The whole attempt (resolution, connect, TLS, request, response headers) is
bounded by ``timeout_s`` (``HUB_WEBHOOK_TIMEOUT_S``, at most 15 s). The
response body is never read: only its status and ``Retry-After`` matter,
and a receiver must not be able to make the gateway buffer megabytes.
Redirects are not followed, proxies from the environment are not used (a
proxy would connect to the name, not the checked address), and connections
are not kept alive (each attempt connects to the address it just checked).
"""

from __future__ import annotations

import asyncio
import ssl
import time

import httpx

from .policy import AttemptResult, parse_retry_after
from .signing import signed_headers
from .ssrf import AddressRefused, DnsError, UrlRejected, parse_url, pin, resolve

USER_AGENT = "procurement-hub-webhooks/1"


class DeliveryClient:
    def __init__(self, timeout_s: float, allow_loopback: bool, *, resolver=resolve,
                 verify: ssl.SSLContext | bool = True):
        self.timeout_s = timeout_s
        self.allow_loopback = allow_loopback
        self._resolver = resolver
        self._http = httpx.AsyncClient(
            follow_redirects=False, trust_env=False, verify=verify, timeout=httpx.Timeout(timeout_s),
            limits=httpx.Limits(max_keepalive_connections=0),
        )

    async def close(self) -> None:
        await self._http.aclose()

    async def deliver(self, url: str, webhook_id: str, secret: str, body: bytes) -> AttemptResult:
        """POST ``body`` to ``url``, signed; never raises for anything the receiver or network does."""
        started = time.monotonic()

        def result(**kw) -> AttemptResult:
            return AttemptResult(duration_ms=int((time.monotonic() - started) * 1000), **kw)

        try:
            target = parse_url(url, self.allow_loopback)
            async with asyncio.timeout(self.timeout_s):
                address = await pin(target, self.allow_loopback, self._resolver)
                headers = signed_headers(secret, webhook_id, int(time.time()), body) | {
                    "Host": target.host_header,
                    "Content-Type": "application/json",
                    "User-Agent": USER_AGENT,
                }
                extensions = {} if target.literal is not None else {"sni_hostname": target.host}
                request = self._http.build_request("POST", target.pinned_url(address), content=body,
                                                   headers=headers, extensions=extensions)
                response = await self._http.send(request, stream=True)
                await response.aclose()
        except UrlRejected as exc:
            return result(error="UrlRejected", detail=f"the URL {exc}")
        except AddressRefused as exc:
            return result(error="AddressRefused", detail=str(exc))
        except DnsError as exc:
            return result(error="DnsError", detail=str(exc))
        except TimeoutError:
            return result(error="Timeout", detail=f"no answer within {self.timeout_s:g} s")
        except httpx.HTTPError as exc:  # connect/read/write errors and timeouts, TLS failures, protocol errors
            return result(error=type(exc).__name__, detail="the receiver could not be reached")
        return result(status_code=response.status_code, detail=f"HTTP {response.status_code}",
                      retry_after_s=parse_retry_after(response.headers.get("retry-after")))
