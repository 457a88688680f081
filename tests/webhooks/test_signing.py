"""The README's receiver check: the signature of the secret over "<timestamp>.<body>", and a
timestamp no older than the tolerance."""

import hashlib
import hmac

from webhooks import signing

SECRET = "whsec_test"
BODY = b'{"event":"ping"}'


def test_the_signature_is_hmac_sha256_over_timestamp_dot_body():
    expected = hmac.new(SECRET.encode(), b"1700000000." + BODY, hashlib.sha256).hexdigest()

    assert signing.signature(secret=SECRET, timestamp=1700000000, body=BODY) == f"v1={expected}"


def test_verify_accepts_a_fresh_signature_and_refuses_the_rest():
    header = signing.signature(secret=SECRET, timestamp=1000, body=BODY)

    def check(**changes):
        values = {
            "secret": SECRET,
            "timestamp": "1000",
            "body": BODY,
            "signature_header": header,
            "now": 1100,
        } | changes
        return signing.verify(**values)

    assert check()
    assert not check(now=1000 + 301)  # replayed too late
    assert not check(body=b'{"event":"pong"}')  # tampered
    assert not check(secret="whsec_other")
    assert not check(timestamp="1001")
    assert not check(timestamp="yesterday")
    assert not check(signature_header="")
