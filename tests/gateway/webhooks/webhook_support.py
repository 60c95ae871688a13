"""Helpers for the webhook tests: a scripted receiver on loopback, alerts to produce, a live gateway, waiting.

``Receiver.script`` is a queue of answers ``(status, headers, delay_s)``;
once it is empty every request gets 204. ``tls=True`` serves HTTPS with a
certificate for ``hooks.example`` from a throwaway CA (``Receiver.ca_pem``),
and records the TLS server name each connection asked for.
"""

from __future__ import annotations

import datetime as dt
import ssl
import tempfile
import threading
import time
import uuid
from collections import deque
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from gateway.live import LiveGateway
from gateway.settings import GatewaySettings
from hub.kafka.topics import ALERTS, SUPPLIERS

TLS_HOST = "hooks.example"


class Receiver:
    def __init__(self, tls: bool = False) -> None:
        self.requests: list[tuple[str, dict[str, str], bytes]] = []
        self.script: deque[tuple[int, dict[str, str], float]] = deque()
        self.server_names: list[str | None] = []
        self._lock = threading.Lock()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_POST(self):  # noqa: N802 (http.server's naming)
                body = self.rfile.read(int(self.headers.get("content-length", 0)))
                with receiver._lock:
                    receiver.requests.append((self.path, {k.lower(): v for k, v in self.headers.items()}, body))
                    status, headers, delay = receiver.script.popleft() if receiver.script else (204, {}, 0.0)
                time.sleep(delay)
                self.send_response(status)
                for name, value in headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.port = self.server.server_port
        self.ca_pem: bytes | None = None
        if tls:
            context, self.ca_pem = _tls_context(self.server_names)
            self.server.socket = context.wrap_socket(self.server.socket, server_side=True)
        scheme = "https" if tls else "http"
        self.url = f"{scheme}://{TLS_HOST if tls else '127.0.0.1'}:{self.port}/hooks/hub"
        self._thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
        self._thread.start()

    def answer(self, status: int, headers: dict[str, str] | None = None, delay_s: float = 0.0) -> "Receiver":
        self.script.append((status, headers or {}, delay_s))
        return self

    def wait_for(self, count: int, timeout_s: float = 60.0) -> list[tuple[str, dict[str, str], bytes]]:
        deadline = time.monotonic() + timeout_s
        while len(self.requests) < count:
            if time.monotonic() > deadline:
                raise AssertionError(f"the receiver got {len(self.requests)} request(s), not {count}, "
                                     f"in {timeout_s:.0f} s")
            time.sleep(0.05)
        return list(self.requests)

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def _tls_context(server_names: list) -> tuple[ssl.SSLContext, bytes]:
    now = dt.datetime.now(dt.timezone.utc)
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "webhook test CA")])
    ca = (x509.CertificateBuilder().subject_name(ca_name).issuer_name(ca_name).public_key(ca_key.public_key())
          .serial_number(x509.random_serial_number()).not_valid_before(now - dt.timedelta(minutes=5))
          .not_valid_after(now + dt.timedelta(hours=1))
          .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
          .sign(ca_key, hashes.SHA256()))
    key = ec.generate_private_key(ec.SECP256R1())
    leaf = (x509.CertificateBuilder().subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, TLS_HOST)]))
            .issuer_name(ca_name).public_key(key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(now - dt.timedelta(minutes=5)).not_valid_after(now + dt.timedelta(hours=1))
            .add_extension(x509.SubjectAlternativeName([x509.DNSName(TLS_HOST)]), critical=False)
            .sign(ca_key, hashes.SHA256()))
    with tempfile.TemporaryDirectory() as tmp:
        cert_file, key_file = Path(tmp) / "cert.pem", Path(tmp) / "key.pem"
        cert_file.write_bytes(leaf.public_bytes(serialization.Encoding.PEM))
        key_file.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                               serialization.NoEncryption()))
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(cert_file, key_file)
    context.sni_callback = lambda _sock, name, _ctx: server_names.append(name)
    return context, ca.public_bytes(serialization.Encoding.PEM)


SETTINGS = GatewaySettings(webhook_allow_loopback=True, rate_per_s=1000, rate_burst=1000)


def live_gateway(sandbox) -> LiveGateway:
    """A gateway wired as in production (read model and webhooks), loopback receivers allowed."""
    return LiveGateway(sandbox.settings(), sandbox.bootstrap, sandbox.registry_url, settings=SETTINGS)


def alert(hub_id: str, partners: list[str], alert_id: str | None = None, severity: str = "critical") -> dict:
    """A SupplierAlert as the processors emit it (partners: those holding records for ``hub_id``)."""
    now = dt.datetime.now(dt.timezone.utc)
    return {
        "event_id": str(uuid.uuid4()), "partner": "hub", "occurred_at": now,
        "alert_id": alert_id or str(uuid.uuid4()), "hub_id": hub_id, "kind": "critical_finding",
        "severity": severity, "reason": "New open critical finding (labour_rights, clause 2.1) in audit ADDA-1.",
        "supplier_name": "Sentosa Glove Industries Sdn Bhd", "country": "MY",
        "trigger_event_id": str(uuid.uuid4()), "trigger_topic": "hub.audit-outcomes.v1",
        "partners": partners, "raised_at": now,
    }


def merged_supplier(hub_id: str, partners: list[str]) -> dict:
    """A MergedSupplier version whose source records are the ``partners``' (what the read model folds in)."""
    now = dt.datetime.now(dt.timezone.utc)
    return {
        "event_id": str(uuid.uuid4()), "partner": "hub", "occurred_at": now, "hub_id": hub_id, "version": 1,
        "canonical_name": "Sentosa Glove Industries Sdn Bhd", "country": "MY",
        "source_records": [{"partner": p, "record_id": f"{p}-1", "name": "Sentosa Glove Industries Sdn Bhd",
                            "event_id": str(uuid.uuid4()), "received_at": now, "active": True} for p in partners],
        "buyers": sorted(partners),
    }


def produce(sandbox, *alerts: dict) -> None:
    """Produce alerts to hub.alerts.v1 keyed by hub_id, as the processors do (one hub_id, one partition)."""
    sandbox.publish(ALERTS, "SupplierAlert", list(alerts), key_of=lambda a: a["hub_id"].encode())


def produce_view(sandbox, view: dict) -> None:
    sandbox.publish(SUPPLIERS, "MergedSupplier", [view], key_of=lambda v: v["hub_id"].encode())


def wait_until(predicate, timeout_s: float = 60.0, what: str = "the condition"):
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.1)
    raise AssertionError(f"timed out after {timeout_s:.0f} s waiting for {what}")


def deliveries(gw: LiveGateway, client_id: str, sub_id: str, count: int) -> list[dict]:
    """The subscription's recorded attempts (newest first), once there are ``count``."""
    def got():
        resp = gw.http.get(f"/v1/subscriptions/{sub_id}/deliveries", headers=gw.headers(client_id))
        assert resp.status_code == 200, resp.text
        items = resp.json()["items"]
        return items if len(items) >= count else None

    return wait_until(got, what=f"{count} recorded attempt(s)")
