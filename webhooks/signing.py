"""How a payload is signed, and how a receiver checks it (the README shows the same steps).

The signature is HMAC-SHA256 with the endpoint's secret over "<timestamp>.<body>", where the
timestamp is the attempt's time in Unix seconds: a receiver that refuses timestamps older than a
few minutes cannot be fooled by a replayed request."""

import hashlib
import hmac
import json

SIGNATURE_HEADER = "X-Mini-Rotation-Signature"
TIMESTAMP_HEADER = "X-Mini-Rotation-Timestamp"
EVENT_HEADER = "X-Mini-Rotation-Event"
DELIVERY_HEADER = "X-Mini-Rotation-Delivery"
VERSION = "v1"


def body_of(payload: dict) -> bytes:
    return json.dumps(payload, separators=(",", ":"), sort_keys=True).encode()


def signature(*, secret: str, timestamp: int, body: bytes) -> str:
    message = f"{timestamp}.".encode() + body
    digest = hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()
    return f"{VERSION}={digest}"


def verify(
    *,
    secret: str,
    timestamp: str,
    body: bytes,
    signature_header: str,
    now: int,
    tolerance: int = 300,
) -> bool:
    """True if the signature is the secret's and the timestamp is within `tolerance` seconds."""
    try:
        sent_at = int(timestamp)
    except (TypeError, ValueError):
        return False
    if abs(now - sent_at) > tolerance:
        return False
    expected = signature(secret=secret, timestamp=sent_at, body=body)
    return hmac.compare_digest(expected, signature_header or "")
