"""Standard Webhooks signatures, and subscription secrets sealed at rest."""

from __future__ import annotations

import base64
import json
import os
import threading

import pytest

from gateway.webhooks.sealing import SealError, WebhookKey
from gateway.webhooks.signing import InvalidSignature, new_secret, secret_key, sign, signed_headers, verify

# The spec's published test vector (standard-webhooks, libraries/*/tests: "test_sign_function").
SPEC_SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
SPEC_ID = "msg_p5jXN8AQM9LWM0D4loKWxJek"
SPEC_TIMESTAMP = 1614265330
SPEC_BODY = b'{"test": 2432232314}'
SPEC_SIGNATURE = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="


def test_signature_matches_the_specs_test_vector():
    assert sign(SPEC_SECRET, SPEC_ID, SPEC_TIMESTAMP, SPEC_BODY) == SPEC_SIGNATURE
    assert sign(SPEC_SECRET.removeprefix("whsec_"), SPEC_ID, SPEC_TIMESTAMP, SPEC_BODY) == SPEC_SIGNATURE


def test_verify_accepts_the_vector_and_one_of_several_signatures():
    headers = {"webhook-id": SPEC_ID, "webhook-timestamp": str(SPEC_TIMESTAMP),
               "webhook-signature": f"v1,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc= {SPEC_SIGNATURE}"}
    verify(SPEC_SECRET, headers, SPEC_BODY, now=SPEC_TIMESTAMP + 10)


@pytest.mark.parametrize("change", [
    lambda h, b: (h | {"webhook-signature": SPEC_SIGNATURE[:-3] + "A="}, b),
    lambda h, b: (h | {"webhook-id": "msg_other"}, b),
    lambda h, b: (h | {"webhook-timestamp": str(SPEC_TIMESTAMP + 1)}, b),
    lambda h, b: (h, b + b" "),
    lambda h, b: ({k: v for k, v in h.items() if k != "webhook-id"}, b),
    lambda h, b: (h | {"webhook-timestamp": "soon"}, b),
])
def test_verify_rejects_any_change(change):
    headers = {"webhook-id": SPEC_ID, "webhook-timestamp": str(SPEC_TIMESTAMP), "webhook-signature": SPEC_SIGNATURE}
    headers, body = change(headers, SPEC_BODY)
    with pytest.raises(InvalidSignature):
        verify(SPEC_SECRET, headers, body, now=SPEC_TIMESTAMP)


def test_verify_rejects_a_stale_or_future_timestamp():
    headers = signed_headers(SPEC_SECRET, SPEC_ID, SPEC_TIMESTAMP, SPEC_BODY)
    for skew in (-301, 301):
        with pytest.raises(InvalidSignature, match="tolerance"):
            verify(SPEC_SECRET, headers, SPEC_BODY, now=SPEC_TIMESTAMP + skew)


def test_new_secrets_have_the_specs_format_and_are_unique():
    secrets = {new_secret() for _ in range(20)}
    assert len(secrets) == 20
    for s in secrets:
        assert s.startswith("whsec_") and len(secret_key(s)) == 32


def test_ids_with_dots_and_short_secrets_are_refused():
    with pytest.raises(ValueError):
        sign(SPEC_SECRET, "msg.1", 1, b"{}")
    with pytest.raises(ValueError):
        secret_key("whsec_" + base64.b64encode(b"short").decode())


# --- sealing ----------------------------------------------------------------------

def test_the_key_file_is_created_once_private_and_reused(tmp_path):
    path = tmp_path / "gateway" / "webhook-key"
    key = WebhookKey.load_or_create(path)
    assert oct(path.stat().st_mode & 0o777) == "0o600"
    again = WebhookKey.load_or_create(path)
    assert again.current_id == key.current_id
    ciphertext, kid = key.seal("whsec_abc", "sub-1")
    assert again.open(ciphertext, kid, "sub-1") == "whsec_abc"
    assert "whsec_abc" not in ciphertext


def test_replicas_starting_at_once_share_one_key(tmp_path):
    path = tmp_path / "webhook-key"
    keys: list[WebhookKey] = []
    threads = [threading.Thread(target=lambda: keys.append(WebhookKey.load_or_create(path))) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len({k.current_id for k in keys}) == 1


def test_a_sealed_secret_opens_only_for_its_subscription_and_key(tmp_path):
    key = WebhookKey.load_or_create(tmp_path / "a")
    ciphertext, kid = key.seal("whsec_abc", "sub-1")
    with pytest.raises(SealError):
        key.open(ciphertext, kid, "sub-2")  # moved to another subscription
    other = WebhookKey.load_or_create(tmp_path / "b")
    with pytest.raises(SealError, match="does not hold"):
        other.open(ciphertext, kid, "sub-1")
    with pytest.raises(SealError):
        key.open(ciphertext[:-4] + "AAAA", kid, "sub-1")


def test_a_rotated_key_file_still_opens_old_secrets(tmp_path):
    old = WebhookKey.load_or_create(tmp_path / "webhook-key")
    ciphertext, kid = old.seal("whsec_abc", "sub-1")
    data = json.loads((tmp_path / "webhook-key").read_text())
    data["keys"].insert(0, base64.b64encode(os.urandom(32)).decode())
    (tmp_path / "webhook-key").write_text(json.dumps(data))
    rotated = WebhookKey.load_or_create(tmp_path / "webhook-key")
    assert rotated.current_id != kid and rotated.open(ciphertext, kid, "sub-1") == "whsec_abc"


def test_a_readable_key_file_is_tightened(tmp_path):
    path = tmp_path / "webhook-key"
    WebhookKey.load_or_create(path)
    os.chmod(path, 0o644)
    WebhookKey.load_or_create(path)
    assert oct(path.stat().st_mode & 0o777) == "0o600"
